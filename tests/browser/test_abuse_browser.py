"""One participant must not break the event for everyone, seen in Chromium (issue 26)."""

from __future__ import annotations

from tests.browser.test_trust_browser import mail_to, mailed_app, sign_up_in_dialog  # noqa: F401

CYRILLIC_E = "\u0435"

SENTENCES = {
    "søren@odense.dk": "Vi kan ikke sende post til en adresse med æ, ø, å eller andre særlige bogstaver",
    f"x@exampl{CYRILLIC_E}.org": "Adressen blander bogstaver fra forskellige alfabeter",
}


def test_danish_letters_and_look_alikes_are_refused_at_the_field_and_bob_still_gets_his_mail(
    mailed_app,  # noqa: F811
    visit,
):
    """The address that once stopped all mail for good: refused where it is typed, in a sentence
    that says what to write instead; the next person's confirmation arrives as always."""
    server, smtp = mailed_app
    v = visit(server)
    page = v.page
    for address, sentence in SENTENCES.items():
        sign_up_in_dialog(v, "skovrejsning", "Søren Ærø", address)
        dialog = page.get_by_role("dialog")
        dialog.get_by_text(f"E-mail: {sentence}").wait_for()
        assert dialog.get_by_role("textbox", name="E-mail").input_value() == address  # kept to mend
        assert dialog.get_by_role("link", name="Åbn dit personlige link").count() == 0
    sign_up_in_dialog(v, "skovrejsning", "Bob Berg", "bob@example.org")
    page.get_by_role("dialog").get_by_text("Du skal med på: Nye skove i Odense").wait_for()
    mail_to(smtp, "bob@example.org", "Tilmeldt: Nye skove i Odense")
    assert [r.recipients for r in smtp.sink.received] == [["bob@example.org"]]  # nothing stored for them
    log = server.log.read_text(errors="replace")
    assert "Traceback" not in log and "UnicodeEncodeError" not in log
    assert v.console_errors == []
