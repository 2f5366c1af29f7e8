"""The sign-up address behind the projector's QR code."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from excursions.qr import qr_data_uri, signup_url, typed_address


@pytest.mark.parametrize(
    ("public", "campaign", "url"),
    [
        ("http://localhost:8501/", "", "http://localhost:8501/signup"),
        (
            "https://udflugter.example.dk",
            "kickoff",
            "https://udflugter.example.dk/signup?utm_campaign=kickoff",
        ),
        ("https://example.dk/tm22/", "sal 1", "https://example.dk/tm22/signup?utm_campaign=sal+1"),
    ],
)
def test_signup_url(public, campaign, url):
    assert signup_url(public, campaign) == url


def test_an_english_projector_leads_to_the_english_form():
    """Issue 27 item 17: the QR of a projector shown in English opened the Danish form."""
    assert signup_url("https://u.example.dk/", "", "en") == "https://u.example.dk/signup?lang=en"
    assert signup_url("https://u.example.dk/", "kickoff", "en") == (
        "https://u.example.dk/signup?lang=en&utm_campaign=kickoff"
    )


@pytest.mark.parametrize(
    ("url", "typed"),
    [
        ("http://localhost:8501/signup", "localhost:8501/signup"),
        ("https://udflugter.example.dk/signup?utm_campaign=kickoff", "udflugter.example.dk/signup"),
        ("https://example.dk/tm22/signup?utm_campaign=sal+1", "example.dk/tm22/signup"),
    ],
)
def test_the_address_under_the_code_is_what_a_person_types(url, typed):
    assert typed_address(url) == typed


def test_qr_is_an_svg_image_that_names_its_address():
    uri = qr_data_uri("https://example.dk/signup", size_px=300)
    assert uri.startswith("data:image/svg+xml;")
    svg = unquote(uri.split(",", 1)[1]).replace("'", '"')
    assert 'xmlns="http://www.w3.org/2000/svg"' in svg  # an <img> shows it only with its namespace
    assert "<title>https://example.dk/signup</title>" in svg
    assert 250 <= int(svg.split('width="')[1].split('"')[0]) <= 300
