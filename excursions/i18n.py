"""Danish and English strings, and Danish-style numbers, dates and times (via Babel)."""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.lists import format_list
from babel.numbers import format_decimal

from excursions.i18n_event import EVENT_STRINGS
from excursions.routes import Mode
from excursions.signups import Outcome
from excursions.wishes import WishOutcome

LANGS = ("da", "en")
LOCALES = {"da": "da_DK", "en": "en_GB"}

STRINGS: dict[str, dict[str, str | dict[str, str]]] = {
    "app_title": {"da": "Udflugter", "en": "Excursions"},
    "nav_explore": {"da": "Udflugter", "en": "Excursions"},
    "language": {"da": "Sprog", "en": "Language"},
    "filters": {"da": "Filtrér", "en": "Filter"},
    "filters_on": {"da": "filter slået til", "en": "filter on"},
    "filters_reset": {"da": "Nulstil filter", "en": "Clear filter"},
    "filter_mode": {"da": "Transport", "en": "Transport"},
    "filter_themes": {"da": "Temaer", "en": "Themes"},
    "filter_themes_all": {"da": "Alle temaer", "en": "All themes"},
    "filter_duration": {"da": "Maks. varighed (timer)", "en": "Longest duration (hours)"},
    "filter_search": {"da": "Søg", "en": "Search"},
    "filter_search_help": {
        "da": "Søg i titel, beskrivelse, stop og temaer",
        "en": "Search titles, descriptions, stops and themes",
    },
    "showing": {
        "da": {
            "by": "total",
            "one": "Viser {n} af {total} udflugt",
            "other": "Viser {n} af {total} udflugter",
        },
        "en": {
            "by": "total",
            "one": "Showing {n} of {total} excursion",
            "other": "Showing {n} of {total} excursions",
        },
    },
    "no_match": {
        "da": "Ingen udflugter passer til filtrene. Fjern et filter for at se flere.",
        "en": "No excursion matches the filters. Remove a filter to see more.",
    },
    "list_heading": {"da": "Alle udflugter", "en": "All excursions"},
    "list_hint": {
        "da": "Vælg en udflugt i listen eller klik på en rute på kortet.",
        "en": "Pick an excursion in the list or click a route on the map.",
    },
    "col_title": {"da": "Udflugt", "en": "Excursion"},
    "col_mode": {"da": "Transport", "en": "Transport"},
    "col_departure": {"da": "Afgang", "en": "Departure"},
    "mode_walk": {"da": "Til fods", "en": "On foot"},
    "mode_bike": {"da": "Cykel", "en": "Bike"},
    "mode_bus": {"da": "Bus", "en": "Bus"},
    "length": {"da": "Længde", "en": "Length"},
    "duration": {"da": "Varighed", "en": "Duration"},
    "departure": {"da": "Afgang", "en": "Departure"},
    "meeting_point": {"da": "Mødested", "en": "Meeting point"},
    "host": {"da": "Vært", "en": "Host"},
    "accessibility": {"da": "Tilgængelighed", "en": "Accessibility"},
    "themes": {"da": "Temaer", "en": "Themes"},
    "capacity": {"da": "Pladser i alt", "en": "Seats in total"},
    "stops": {"da": "Det ser du på vejen", "en": "What you see on the way"},
    "illustrative": {
        "da": "Illustrativ udflugt: rute og tekst er eksempler, som arrangøren udskifter.",
        "en": "Illustrative excursion: route and text are examples the organiser will replace.",
    },
    "download_gpx": {"da": "Hent ruten som GPX", "en": "Download the route as GPX"},
    "gpx_unknown": {
        "da": "Ingen udflugt hedder {name}. Hent ruten fra udflugtens detaljer på kortet.",
        "en": "No excursion is called {name}. Download the route from the excursion's details on the map.",
    },
    "close_details": {"da": "Luk", "en": "Close"},
    "legend": {"da": "Transport", "en": "Transport"},
    "venue": {"da": "Konferencested", "en": "Conference venue"},
    "start": {"da": "Start", "en": "Start"},
    "tiles_unavailable": {
        "da": "Baggrundskortet kan ikke hentes lige nu; ruterne vises stadig.",
        "en": "The background map cannot be loaded right now; routes are still shown.",
    },
    "tiles_off": {"da": "Baggrundskort slået fra", "en": "Background map switched off"},
    "bad_files": {
        "da": {"one": "{n} rutefil har en fejl:", "other": "{n} rutefiler har fejl:"},
        "en": {"one": "{n} route file has a problem:", "other": "{n} route files have problems:"},
    },
    "org_bad_files": {
        "da": {
            "one": "{n} problem med rutefilerne. En rute, hvis fil er i stykker eller har et id, "
            "der allerede bruges, beholder sin sidste gode udgave, så ingen mister sin plads. Ret filen:",
            "other": "{n} problemer med rutefilerne. En rute, hvis fil er i stykker eller har et id, "
            "der allerede bruges, beholder sin sidste gode udgave, så ingen mister sin plads. Ret filerne:",
        },
        "en": {
            "one": "{n} problem with the route files. A route whose file is broken or has an id already "
            "in use keeps its last good version, so nobody loses their seat. Fix the file:",
            "other": "{n} problems with the route files. A route whose file is broken or has an id already "
            "in use keeps its last good version, so nobody loses their seat. Fix the files:",
        },
    },
    "unknown_route": {
        "da": "Udflugten '{id}' findes ikke. Vælg en anden i listen.",
        "en": "There is no excursion '{id}'. Pick another from the list.",
    },
    "duration_estimated": {
        "da": "anslået ud fra længde og stop",
        "en": "estimated from length and stops",
    },
    "kick_signed_up": {"da": "tilmeldt", "en": "signed up"},
    "kick_wished": {"da": "har ønsket", "en": "have wished"},
    "kick_wishes_until": {
        "da": "Ønskerunde til {when} – derefter lodtrækning",
        "en": "Wish round until {when} – then the draw",
    },
    "kick_of_seats": {
        "da": {"one": "af {n} plads", "other": "af {n} pladser"},
        "en": {"one": "of {n} seat", "other": "of {n} seats"},
    },
    "kick_full_routes": {
        "da": {"one": "{n} udflugt er fuld", "other": "{n} udflugter er fulde"},
        "en": {"one": "{n} excursion is full", "other": "{n} excursions are full"},
    },
    "kick_no_full": {"da": "Alle udflugter har ledige pladser", "en": "Every excursion has seats left"},
    "kick_deadline": {"da": "Tilmelding senest {when}", "en": "Sign up by {when}"},
    "kick_scan": {"da": "Scan og tilmeld dig", "en": "Scan to sign up"},
    "kick_qr_local": {
        "da": "Kun til prøve: QR-koden peger på denne computer, ikke på en adresse telefonerne kan åbne. "
        "Sæt public_url i event-filen.",
        "en": "For trying only: the QR code points at this computer, not at an address phones can "
        "open. Set public_url in the event file.",
    },
    "kick_qr_alt": {"da": "QR-kode til tilmeldingen: {url}", "en": "QR code for signing up: {url}"},
    "seats_full_short": {"da": "Fuld – venteliste", "en": "Full – waiting list"},
    "reconnecting": {"da": "Genopretter forbindelsen …", "en": "Reconnecting …"},
    "page_loading": {"da": "Siden hentes …", "en": "Loading the page …"},
    "seats_legend": {"da": "ledige pladser", "en": "seats left"},
    "seats_full": {"da": "fuld", "en": "full"},
    "seats_full_waiting": {"da": "fuld – venteliste ({n})", "en": "full – waiting list ({n})"},
    "seats_list": {
        "da": {"by": "free", "one": "{free} af {capacity} ledig", "other": "{free} af {capacity} ledige"},
        "en": "{free} of {capacity} left",
    },
    "seats": {"da": "Ledige pladser", "en": "Seats left"},
    # --- the wish round (excursions.wishes) -----------------------------------------------------
    "demand_wishes": {
        "da": {"one": "{n} ønske", "other": "{n} ønsker"},
        "en": {"one": "{n} wish", "other": "{n} wishes"},
    },
    "demand_seats": {
        "da": {"one": "{n} plads", "other": "{n} pladser"},
        "en": {"one": "{n} seat", "other": "{n} seats"},
    },
    # Not " · ": that joins the facts of a list line, and the live seat feed finds a line's
    # seats after its last " · " (excursions/map_assets/seats.js).
    "demand_line": {"da": "{wishes} til {seats}", "en": "{wishes} for {seats}"},
    "demand_summary": {
        "da": {
            "one": "Ønskerunde: {n} person har sendt ønsker",
            "other": "Ønskerunde: {n} personer har sendt ønsker",
        },
        "en": {
            "one": "Wish round: {n} person has sent wishes",
            "other": "Wish round: {n} people have sent wishes",
        },
    },
    "demand_seats_total": {
        "da": {"one": "{n} plads i alt", "other": "{n} pladser i alt"},
        "en": {"one": "{n} seat in all", "other": "{n} seats in all"},
    },
    "wish_intro": {
        "da": {
            "one": "Ønskerunde: vælg den udflugt, du helst vil med på. Pladserne fordeles ved "
            "lodtrækning {when}; det er ligegyldigt, hvornår du sender dit ønske.",
            "other": "Ønskerunde: vælg op til {n} udflugter i den rækkefølge, du helst vil. Pladserne "
            "fordeles ved lodtrækning {when}; det er ligegyldigt, hvornår du sender dine ønsker.",
        },
        "en": {
            "one": "Wish round: choose the excursion you would most like to go on. The seats are "
            "given out in a draw on {when}; it does not matter when you send your wish.",
            "other": "Wish round: choose up to {n} excursions, the one you want most first. The seats "
            "are given out in a draw on {when}; it does not matter when you send your wishes.",
        },
    },
    "wish_personal_link": {
        "da": "Dit personlige link – gem det. Her kan du se og ændre dine ønsker, og efter "
        "lodtrækningen se din udflugt:",
        "en": "Your personal link – keep it. Use it to see and change your wishes, and after the draw "
        "to see your excursion:",
    },
    "wish_mail_note": {
        "da": "Vi har sendt en bekræftelse med dit personlige link til {email}.",
        "en": "We have sent a confirmation with your personal link to {email}.",
    },
    "wish_how_title": {"da": "Sådan fordeles pladserne", "en": "How the seats are given out"},
    "wish_how_body": {
        "da": "Når ønskerunden lukker, fordeles pladserne ved lodtrækning: alle får så vidt muligt et af "
        "deres ønsker, helst det første. Hvem der får de sidste pladser på en udflugt, som flere "
        "ønsker, afgøres ved lod – ikke af, hvem der var hurtigst. Skriv derfor dine ønsker i den "
        "rækkefølge, du helst vil. Får du ingen af dine ønsker, kommer du på ventelisten til dit 1. "
        "ønske og kan vælge blandt de ledige pladser. Du får en mail med resultatet.",
        "en": "When the wish round closes, the seats are given out in a draw: everyone gets one of their "
        "wishes as far as the seats go, the first one if possible. Who gets the last seats on an "
        "excursion many want is decided by lot – not by who was fastest. So list your wishes in the "
        "order you want them. If none of your wishes has a seat, you go on the waiting list of your "
        "first wish and can choose among the seats left. You get a mail with the result.",
    },
    "wish_list_heading": {"da": "Dine ønsker", "en": "Your wishes"},
    "wish_list_empty": {
        "da": "Ingen ønsker endnu: vælg en udflugt herunder, på kortet eller i listen.",
        "en": "No wishes yet: choose an excursion below, on the map or in the list.",
    },
    "wish_pick": {"da": "Udflugt", "en": "Excursion"},
    "wish_add": {"da": "Tilføj som {n}. ønske", "en": "Add as wish {n}"},
    "wish_in_list": {"da": "Dit {n}. ønske", "en": "Your wish {n}"},
    "wish_full": {
        "da": {"one": "Du har valgt dit ene ønske.", "other": "Du har valgt {n} ønsker – det højeste antal."},
        "en": {"one": "You have chosen your one wish.", "other": "You have chosen {n} wishes – the most."},
    },
    "wish_up": {"da": "Flyt op", "en": "Move up"},
    "wish_down": {"da": "Flyt ned", "en": "Move down"},
    "wish_remove": {"da": "Fjern ønsket", "en": "Remove the wish"},
    "wish_submit": {"da": "Send mine ønsker", "en": "Send my wishes"},
    "wish_saved": {
        "da": "Tak! Dine ønsker er modtaget: {wishes}. Du får en mail nu og igen efter lodtrækningen {when}.",
        "en": "Thank you! Your wishes are in: {wishes}. You get a mail now, and again after the draw "
        "on {when}.",
    },
    "wish_changed": {"da": "Dine ønsker er gemt: {wishes}.", "en": "Your wishes are saved: {wishes}."},
    "wish_withdrawn": {
        "da": "Dine ønsker er trukket tilbage. Du er ikke med i lodtrækningen.",
        "en": "Your wishes are withdrawn. You are not in the draw.",
    },
    "wish_msg_no_wishes": {
        "da": "Tilføj mindst én udflugt til dine ønsker.",
        "en": "Add at least one excursion to your wishes.",
    },
    "wish_msg_too_many": {
        "da": {"one": "Du kan højst ønske {n} udflugt.", "other": "Du kan højst ønske {n} udflugter."},
        "en": {
            "one": "You can wish for {n} excursion at most.",
            "other": "You can wish for {n} excursions at most.",
        },
    },
    "wish_msg_repeated": {
        "da": "Den samme udflugt står to gange på listen. Fjern den ene.",
        "en": "The same excursion is on the list twice. Remove one of them.",
    },
    "wish_msg_unknown_route": {
        "da": "En af dine ønskede udflugter findes ikke længere. Fjern den, og vælg en anden.",
        "en": "One of the excursions you wished for no longer exists. Remove it and choose another.",
    },
    "wish_msg_round_closed": {
        "da": "Ønskerunden er lukket, så ønsker kan ikke længere sendes eller ændres.",
        "en": "The wish round is closed, so wishes can no longer be sent or changed.",
    },
    "wish_msg_email_taken": {
        "da": "Denne e-mail har allerede sendt ønsker – vi har sendt dit personlige link til den, så "
        "du kan se og ændre dem.",
        "en": "This e-mail has already sent wishes – we have sent your personal link to it, so you can "
        "see and change them.",
    },
    "wish_msg_too_fast": {
        "da": "Der er kommet mange ønsker fra denne browser på kort tid. Vent lidt, og prøv igen.",
        "en": "Many wish lists have come from this browser in a short time. Wait a while and try again.",
    },
    "wish_msg_changed_too_often": {
        "da": "Du har ændret dine ønsker mange gange på kort tid. Vent lidt, og prøv igen.",
        "en": "You have changed your wishes many times in a short time. Wait a while and try again.",
    },
    "wish_draw_due": {
        "da": "Ønskerunden er lukket, og pladserne fordeles snart ved lodtrækning. Alle, der har sendt "
        "ønsker, får en mail med resultatet; derefter kan alle tilmelde sig de ledige pladser.",
        "en": "The wish round is closed, and the seats are given out in a draw soon. Everyone who sent "
        "wishes gets a mail with the result; then anyone can sign up for the seats left.",
    },
    "wish_manage_until": {
        "da": "Du kan ændre dine ønsker indtil {when}.",
        "en": "You can change your wishes until {when}.",
    },
    "wish_save": {"da": "Gem mine ønsker", "en": "Save my wishes"},
    "wish_withdraw": {"da": "Træk mine ønsker tilbage", "en": "Withdraw my wishes"},
    "wish_withdraw_ask": {
        "da": "Vil du trække alle dine ønsker tilbage? Så er du ikke med i lodtrækningen.",
        "en": "Withdraw all your wishes? Then you are not in the draw.",
    },
    "wish_withdraw_yes": {"da": "Ja, træk dem tilbage", "en": "Yes, withdraw them"},
    "wish_keep": {"da": "Nej, behold mine ønsker", "en": "No, keep my wishes"},
    "wish_sent_banner": {"da": "Dine ønsker: {wishes}", "en": "Your wishes: {wishes}"},
    "wish_sent_dialog": {
        "da": "Du har sendt dine ønsker. Se og ændr dem med dit personlige link.",
        "en": "You have sent your wishes. See and change them with your personal link.",
    },
    "demand_over": {
        "da": {
            "one": "{n} udflugt er førsteønske for flere, end der er pladser",
            "other": "{n} udflugter er førsteønske for flere, end der er pladser",
        },
        "en": {
            "one": "{n} excursion is the first wish of more people than it has seats",
            "other": "{n} excursions are the first wish of more people than they have seats",
        },
    },
    "demand_none_over": {
        "da": "Alle udflugter har plads til dem, der ønsker dem først",
        "en": "Every excursion has seats for those who wish it first",
    },
    "full_note": {
        "da": "Udflugten er fuld. Tilmelder du dig, kommer du på ventelisten og får automatisk en plads, "
        "når en anden melder fra.",
        "en": "This excursion is full. If you sign up you join the waiting list and get a seat "
        "automatically when someone cancels.",
    },
    "transport_summary": {
        "da": {
            "by": "total",
            "one": "Tilmeldt indtil nu: {walk} til fods · {bike} på cykel · {bus} med bus · "
            "{taken} af {total} plads",
            "other": "Tilmeldt indtil nu: {walk} til fods · {bike} på cykel · {bus} med bus · "
            "{taken} af {total} pladser",
        },
        "en": {
            "by": "total",
            "one": "Signed up so far: {walk} on foot · {bike} by bike · {bus} by bus · "
            "{taken} of {total} seat",
            "other": "Signed up so far: {walk} on foot · {bike} by bike · {bus} by bus · "
            "{taken} of {total} seats",
        },
    },
    "signup_cta": {"da": "Tilmeld dig denne udflugt", "en": "Sign up for this excursion"},
    "nav_signup": {"da": "Tilmelding", "en": "Sign up"},
    "signup_title": {"da": "Tilmeld dig en udflugt", "en": "Sign up for an excursion"},
    "signup_intro": {
        "da": "Du kan være på én udflugt. Du får en bekræftelse på e-mail med dit personlige link, "
        "hvor du kan skifte udflugt eller melde fra.",
        "en": "You can go on one excursion. You get a confirmation by e-mail with your personal link, "
        "where you can switch excursion or cancel.",
    },
    "field_name": {"da": "Navn", "en": "Name"},
    "field_email": {"da": "E-mail", "en": "E-mail"},
    "field_organisation": {"da": "Kommune eller organisation", "en": "Municipality or organisation"},
    "field_excursion": {"da": "Udflugt", "en": "Excursion"},
    "consent": {
        "da": "Jeg accepterer, at navn, e-mail og organisation gemmes til planlægning af udflugten og "
        "slettes efter konferencen.",
        "en": "I agree that my name, e-mail and organisation are stored to plan the excursion and deleted "
        "after the conference.",
    },
    "consent_dated": {
        "da": "Jeg accepterer, at navn, e-mail og organisation gemmes til planlægning af udflugten og "
        "slettes senest {date}.",
        "en": "I agree that my name, e-mail and organisation are stored to plan the excursion and deleted "
        "by {date}.",
    },
    "consent_missing": {
        "da": "Sæt flueben ved samtykket for at tilmelde dig.",
        "en": "Tick the consent box to sign up.",
    },
    "submit_signup": {"da": "Tilmeld", "en": "Sign up"},
    "signup_another": {"da": "Tilmeld en anden", "en": "Sign up someone else"},
    "input_email_missing": {"da": "Skriv din e-mailadresse.", "en": "Write your e-mail address."},
    "input_email_invalid": {
        "da": "Det ligner ikke en e-mailadresse. Skriv den som navn@kommune.dk.",
        "en": "That does not look like an e-mail address. Write it like name@kommune.dk.",
    },
    "input_email_too_long": {
        "da": "E-mailadressen er {n} tegn lang; højst {limit}.",
        "en": {
            "one": "The e-mail address is {n} character long; at most {limit}.",
            "other": "The e-mail address is {n} characters long; at most {limit}.",
        },
    },
    "input_email_control": {
        "da": "E-mailadressen har usynlige kontroltegn. Skriv den igen.",
        "en": "The e-mail address has invisible control characters. Type it again.",
    },
    "input_email_local_not_ascii": {
        "da": "Vi kan ikke sende post til en adresse med æ, ø, å eller andre særlige bogstaver før @ "
        "– de fleste postservere tager ikke imod den. Skriv den adresse, du får post på "
        "(ofte oe for ø, ae for æ og aa for å).",
        "en": "We cannot send mail to an address with æ, ø, å or other special letters before the @ "
        "– most mail servers do not accept it. Write the address you receive mail at "
        "(often oe for ø, ae for æ and aa for å).",
    },
    "input_email_mixed_scripts": {
        "da": "Adressen blander bogstaver fra forskellige alfabeter (fx latinske og kyrilliske), "
        "så den ligner en anden adresse. Skriv den med tastaturets almindelige bogstaver.",
        "en": "The address mixes letters of different alphabets (such as Latin and Cyrillic), "
        "so it looks like another address. Write it with your keyboard's ordinary letters.",
    },
    "input_name_missing": {"da": "Skriv dit navn.", "en": "Write your name."},
    "input_name_too_long": {
        "da": "Navnet er {n} tegn langt; højst {limit}.",
        "en": {
            "one": "The name is {n} character long; at most {limit}.",
            "other": "The name is {n} characters long; at most {limit}.",
        },
    },
    "input_organisation_too_long": {
        "da": "Organisationen er {n} tegn lang; højst {limit}.",
        "en": {
            "one": "The organisation is {n} character long; at most {limit}.",
            "other": "The organisation is {n} characters long; at most {limit}.",
        },
    },
    "input_control_characters": {
        "da": "Fjern usynlige kontroltegn fra feltet.",
        "en": "Remove invisible control characters from the field.",
    },
    "result_confirmed": {"da": "Du skal med på: {title}.", "en": "You are going on: {title}."},
    "result_waitlisted": {
        "da": "Udflugten er fuld – du er nummer {n} på ventelisten til: {title}. Du får automatisk "
        "en plads, når en anden melder fra.",
        "en": "The excursion is full – you are number {n} on the waiting list for: {title}. You get a seat "
        "automatically when someone cancels.",
    },
    "result_already": {
        "da": "Du er allerede tilmeldt: {title}.",
        "en": "You are already signed up for: {title}.",
    },
    "result_window_closed": {"da": "Tilmeldingen er lukket.", "en": "Sign-up is closed."},
    "result_unknown_route": {
        "da": "Den udflugt findes ikke længere. Vælg en anden.",
        "en": "That excursion no longer exists. Pick another.",
    },
    "result_cancelled": {"da": "Du er afmeldt.", "en": "You are no longer signed up."},
    "personal_link": {
        "da": "Dit personlige link – gem det. Her kan du se din status, skifte udflugt eller melde fra:",
        "en": "Your personal link – keep it. Use it to see your status, switch excursion or cancel:",
    },
    "open_personal_link": {"da": "Åbn dit personlige link", "en": "Open your personal link"},
    "manage_title": {"da": "Din tilmelding", "en": "Your sign-up"},
    "manage_hello": {"da": "Hej {name}", "en": "Hello {name}"},
    "status_none": {
        "da": "Du er ikke tilmeldt nogen udflugt.",
        "en": "You are not signed up for any excursion.",
    },
    "switch_to": {"da": "Skift til en anden udflugt", "en": "Switch to another excursion"},
    "switch_button": {"da": "Skift udflugt", "en": "Switch excursion"},
    "cancel_button": {"da": "Meld fra", "en": "Cancel my sign-up"},
    "bad_token": {
        "da": "Linket er ikke gyldigt (længere). Tilmeld dig igen for at få et nyt.",
        "en": "This link is not valid (any more). Sign up again to get a new one.",
    },
    "window_not_yet": {"da": "Tilmeldingen åbner {when}.", "en": "Sign-up opens {when}."},
    "window_closed": {"da": "Tilmeldingen lukkede {when}.", "en": "Sign-up closed {when}."},
    "window_demo": {
        "da": "Demo: tilmeldingen holdes åben efter den rigtige frist ({when}).",
        "en": "Demo: sign-up stays open after the real deadline ({when}).",
    },
    "back_to_map": {"da": "Tilbage til kortet", "en": "Back to the map"},
    "nav_organiser": {"da": "Arrangør", "en": "Organiser"},
    "org_title": {"da": "Arrangør", "en": "Organiser"},
    "org_no_password": {
        "da": "Der er ikke sat en arrangøradgangskode, så siden viser ingen persondata. Kør "
        "`uv run excursions hash-password`, og sæt den viste linje som miljøvariabel eller i "
        "`.streamlit/secrets.toml`; genstart derefter appen.",
        "en": "No organiser password is set, so this page shows no personal data. Run "
        "`uv run excursions hash-password` and put the line it prints in the environment or in "
        "`.streamlit/secrets.toml`, then restart the app.",
    },
    "org_password": {"da": "Adgangskode", "en": "Password"},
    "org_login": {"da": "Log ind", "en": "Log in"},
    "org_logout": {"da": "Log ud", "en": "Log out"},
    "org_wrong": {"da": "Forkert adgangskode.", "en": "Wrong password."},
    "org_wait": {
        "da": {
            "one": "For mange forkerte forsøg. Prøv igen om {n} sekund.",
            "other": "For mange forkerte forsøg. Prøv igen om {n} sekunder.",
        },
        "en": {
            "one": "Too many wrong tries. Try again in {n} second.",
            "other": "Too many wrong tries. Try again in {n} seconds.",
        },
    },
    "tab_overview": {"da": "Overblik", "en": "Overview"},
    "tab_fillup": {"da": "Over tid", "en": "Over time"},
    "tab_people": {"da": "Deltagere", "en": "Participants"},
    "tab_import": {"da": "Import", "en": "Import"},
    "tab_export": {"da": "Eksport", "en": "Export"},
    "tab_draw": {"da": "Lodtrækning", "en": "Draw"},
    "org_wished": {"da": "Har ønsket", "en": "Have wished"},
    "col_wishes": {"da": "Ønsker i alt", "en": "Wishes in all"},
    "export_wishes": {"da": "Ønsker pr. person (CSV)", "en": "Wishes per person (CSV)"},
    "fillup_wishes": {"da": "Har sendt ønsker", "en": "Have sent wishes"},
    "fillup_wishes_alt": {
        "da": {
            "one": "Ønskerunden over tid: {n} person har sendt ønsker; en stiplet streg viser lodtrækningen.",
            "other": "Ønskerunden over tid: {n} personer har sendt ønsker; en stiplet streg viser "
            "lodtrækningen.",
        },
        "en": {
            "one": "The wish round over time: {n} person has sent wishes; a dashed line marks the draw.",
            "other": "The wish round over time: {n} people have sent wishes; a dashed line marks the draw.",
        },
    },
    "draw_at_close": {
        "da": "Ved lukketid fordeler appen selv pladserne ({method}), medmindre du gør det før.",
        "en": "At the close, the app gives out the seats itself ({method}) unless you do it before.",
    },
    "draw_at_close_manual": {
        "da": "Ved lukketid venter appen på dig: pladserne fordeles, når du trykker Fordel pladser.",
        "en": "At the close, the app waits for you: the seats are given out when you press Give out the "
        "seats.",
    },
    "draw_no_round": {
        "da": "Begivenheden har ingen ønskerunde: pladserne går efter først til mølle. En ønskerunde "
        'med lodtrækning sættes op i begivenhedsfilen ([signup] mode = "wishes" og wishes_close).',
        "en": "The event has no wish round: seats go first come, first served. A wish round with a draw "
        'is set up in the event file ([signup] mode = "wishes" and wishes_close).',
    },
    "draw_round_open": {
        "da": "Ønskerunden er åben til {when}. Du kan fordele pladserne før, så lukker runden.",
        "en": "The wish round is open until {when}. You can give out the seats before; that closes it.",
    },
    "draw_round_closed": {
        "da": "Ønskerunden lukkede {when}: klar til lodtrækning.",
        "en": "The wish round closed on {when}: ready for the draw.",
    },
    "draw_demand": {"da": "Ønsker pr. udflugt", "en": "Wishes per excursion"},
    "draw_col_route": {"da": "Udflugt", "en": "Excursion"},
    "draw_col_seats": {"da": "Ledige pladser", "en": "Free seats"},
    "draw_col_method": {"da": "Metode", "en": "Method"},
    "draw_col_none": {"da": "Intet ønske opfyldt", "en": "No wish met"},
    "draw_col_assigned_most": {"da": "Fordelt (flest 1. ønsker)", "en": "Given (most first wishes)"},
    "draw_col_assigned_serial": {"da": "Fordelt (tilfældig rækkefølge)", "en": "Given (random order)"},
    "draw_col_not_met": {"da": "Ønsker ikke opfyldt", "en": "Wishes not met"},
    "draw_no_wishes": {"da": "Ingen har sendt ønsker endnu.", "en": "Nobody has sent wishes yet."},
    "draw_preview": {"da": "Forhåndsvisning af lodtrækningen", "en": "Preview of the draw"},
    "draw_seed": {
        "da": "Lodtrækningens tal (seed): samme tal og samme ønsker giver samme resultat",
        "en": "The draw's number (seed): the same number and the same wishes give the same result",
    },
    "draw_per_route": {"da": "Pr. udflugt", "en": "Per excursion"},
    "draw_method": {"da": "Metode", "en": "Method"},
    "draw_method_most_first": {"da": "Flest 1. ønsker", "en": "Most first wishes"},
    "draw_method_serial": {"da": "Tilfældig rækkefølge", "en": "Random order"},
    "draw_how_title": {"da": "Forskellen på de to metoder", "en": "How the two methods differ"},
    "draw_how_body": {
        "da": "**Tilfældig rækkefølge** trækker en rækkefølge af deltagerne; hver får sit højeste ønske "
        "med en ledig plads. Ingen kan vinde ved at ønske taktisk. **Flest 1. ønsker** finder den "
        "fordeling, der opfylder flest 1. ønsker, derefter flest 2. ønsker osv.; står to fordelinger "
        "lige, vinder den trukne rækkefølge. Den opfylder mindst lige så mange 1. ønsker, men en "
        "deltager kan i princippet vinde ved at ønske taktisk. Begge giver alle en plads, hvis et af "
        "deres ønsker har en ledig.",
        "en": "**Random order** draws an order of the participants; each gets their highest wish with a "
        "seat left. Nobody can gain by wishing tactically. **Most first wishes** finds the assignment "
        "that meets the most first wishes, then the most second wishes and so on; between equally good "
        "ones, the drawn order decides. It meets at least as many first wishes, but a participant could "
        "in principle gain by wishing tactically. Both give everyone a seat if one of their wishes has "
        "one left.",
    },
    "draw_button": {"da": "Fordel pladser", "en": "Give out the seats"},
    "draw_ask": {
        "da": {
            "one": "Fordel pladserne til {n} deltager med tallet {seed}? Alle får en mail, og derefter går "
            "de ledige pladser efter først til mølle. Det kan ikke fortrydes.",
            "other": "Fordel pladserne til {n} deltagere med tallet {seed}? Alle får en mail, og derefter "
            "går de ledige pladser efter først til mølle. Det kan ikke fortrydes.",
        },
        "en": {
            "one": "Give out the seats to {n} participant with the number {seed}? Everyone gets a mail, and "
            "then the free seats go first come, first served. This cannot be undone.",
            "other": "Give out the seats to {n} participants with the number {seed}? Everyone gets a mail, "
            "and then the free seats go first come, first served. This cannot be undone.",
        },
    },
    "draw_yes": {"da": "Ja, fordel pladserne", "en": "Yes, give out the seats"},
    "draw_no": {"da": "Nej, vent", "en": "No, wait"},
    "draw_done": {
        "da": "Lodtrækning {number} er gennemført: {placed} har fået en plads, {none} står på venteliste. "
        "Mailene er på vej.",
        "en": {
            "by": "none",
            "one": "The draw is made (no. {number}): {placed} got a seat, {none} is on a waiting list. The "
            "mails are on their way.",
            "other": "The draw is made (no. {number}): {placed} got a seat, {none} are on a waiting list. "
            "The mails are on their way.",
        },
    },
    "draw_draw_stale": {
        "da": "Ønsker eller pladser har ændret sig siden forhåndsvisningen; intet er ændret. Se den nye "
        "forhåndsvisning, og fordel igen.",
        "en": "Wishes or seats changed since the preview; nothing was changed. Look at the new preview "
        "and give out the seats again.",
    },
    "draw_draw_made": {
        "da": "Lodtrækningen er allerede gennemført; intet er ændret.",
        "en": "The draw has already been made; nothing was changed.",
    },
    "draw_made_at": {
        "da": {
            "one": "Lodtrækningen blev gennemført {when} ({method}, tal {seed}) for {n} deltager: {first} "
            "fik sit 1. ønske, {second} sit 2., {third} sit 3., og {none} intet ønske.",
            "other": "Lodtrækningen blev gennemført {when} ({method}, tal {seed}) for {n} deltagere: {first} "
            "fik deres 1. ønske, {second} deres 2., {third} deres 3., og {none} intet ønske.",
        },
        "en": {
            "one": "The draw was made on {when} ({method}, number {seed}) for {n} participant: {first} got "
            "their first wish, {second} their second, {third} their third, and {none} no wish.",
            "other": "The draw was made on {when} ({method}, number {seed}) for {n} participants: {first} "
            "got their first wish, {second} their second, {third} their third, and {none} no wish.",
        },
    },
    "draw_made_after": {
        "da": "Nu går de ledige pladser og ventelisterne efter først til mølle, som uden ønskerunde.",
        "en": "The free seats and the waiting lists now go first come, first served, as without a wish "
        "round.",
    },
    "tab_checkin": {"da": "Check-in", "en": "Check-in"},
    "org_taken": {"da": "Pladser taget", "en": "Seats taken"},
    "org_waiting": {"da": "På venteliste", "en": "Waiting"},
    "org_full_routes": {"da": "Fulde udflugter", "en": "Full excursions"},
    "org_updated": {"da": "Sidst opdateret {time}", "en": "Last updated {time}"},
    "col_fill": {"da": "Fyldt", "en": "Filled"},
    "col_confirmed": {"da": "Tilmeldt", "en": "Confirmed"},
    "col_waiting": {"da": "Venteliste", "en": "Waiting"},
    "col_free": {"da": "Ledige", "en": "Free"},
    "col_capacity": {"da": "Kapacitet", "en": "Capacity"},
    "col_meeting": {"da": "Mødested", "en": "Meeting point"},
    "col_attention": {"da": "Bemærk", "en": "Note"},
    "col_transport": {"da": "Transport, der skal bestilles", "en": "Transport to order"},
    "col_transport_short": {"da": "Skal bestilles", "en": "To order"},
    "attention_full": {"da": "fuld", "en": "full"},
    "attention_full_waiting": {
        "da": {"one": "fuld – {n} venter", "other": "fuld – {n} venter"},
        "en": {"one": "full – {n} waiting", "other": "full – {n} waiting"},
    },
    "attention_few": {"da": "næsten fuld", "en": "nearly full"},
    "buses": {
        "da": {"one": "{n} bus", "other": "{n} busser"},
        "en": {"one": "{n} bus", "other": "{n} buses"},
    },
    "bikes": {
        "da": {"one": "{n} cykel", "other": "{n} cykler"},
        "en": {"one": "{n} bike", "other": "{n} bikes"},
    },
    "fillup_total": {"da": "Tilmeldte i alt", "en": "Signed up in total"},
    "fillup_routes_placeholder": {"da": "Vælg udflugter", "en": "Choose excursions"},
    "edit_themes_placeholder": {"da": "Vælg eller skriv temaer", "en": "Choose or type themes"},
    "fillup_total_alt": {
        "da": {
            "one": "Diagram: tilmeldinger over tid for hele arrangementet, nu {n} i alt.",
            "other": "Diagram: tilmeldinger over tid for hele arrangementet, nu {n} i alt.",
        },
        "en": {
            "one": "Chart: sign-ups over time for the whole event, now {n} in all.",
            "other": "Chart: sign-ups over time for the whole event, now {n} in all.",
        },
    },
    "fillup_routes_alt": {
        "da": "Diagram: tilmeldinger over tid pr. udflugt, med stiplede linjer, hvor en blev fuld: {titles}.",
        "en": "Chart: sign-ups over time per excursion, with dashed lines where one became full: {titles}.",
    },
    "fillup_routes": {"da": "Udflugter i grafen", "en": "Excursions in the chart"},
    "fillup_full_marks": {
        "da": "Lodrette streger: hvornår en udflugt blev fuld.",
        "en": "Vertical rules: when an excursion became full.",
    },
    "fillup_empty": {"da": "Ingen tilmeldinger endnu.", "en": "No sign-ups yet."},
    "people_search": {
        "da": "Søg på navn, e-mail eller organisation",
        "en": "Search name, e-mail or organisation",
    },
    "people_pick": {"da": "Vælg en deltager", "en": "Pick a participant"},
    "people_now_confirmed": {"da": "{name} er tilmeldt {route}.", "en": "{name} is signed up for {route}."},
    "people_now_waiting": {
        "da": "{name} er nr. {n} på ventelisten til {route}.",
        "en": "{name} is no. {n} on the waiting list of {route}.",
    },
    "col_person": {"da": "Navn", "en": "Name"},
    "col_email": {"da": "E-mail", "en": "E-mail"},
    "col_org": {"da": "Organisation", "en": "Organisation"},
    "col_status": {"da": "Status", "en": "Status"},
    "col_position": {"da": "Nr. på venteliste", "en": "Waiting no."},
    "col_present": {"da": "Mødt", "en": "Present"},
    "status_word_confirmed": {"da": "tilmeldt", "en": "confirmed"},
    "status_word_waitlisted": {"da": "venteliste", "en": "waiting"},
    "move_to": {"da": "Flyt til", "en": "Move to"},
    "move_button": {"da": "Flyt", "en": "Move"},
    "promote_button": {"da": "Giv plads nu (+1 plads)", "en": "Give a seat now (+1 seat)"},
    "cancel_person": {"da": "Afmeld deltageren", "en": "Cancel this participant"},
    "capacity_heading": {"da": "Ændr kapacitet", "en": "Change capacity"},
    "capacity_button": {"da": "Gem kapacitet", "en": "Save capacity"},
    "capacity_saved": {"da": "Kapaciteten er gemt.", "en": "Capacity saved."},
    "capacity_refused": {
        "da": "{confirmed} er tilmeldt; flyt eller afmeld {move}, før kapaciteten kan sænkes til {capacity}.",
        "en": {
            "by": "confirmed",
            "one": "{confirmed} is confirmed; move or cancel {move} before lowering the capacity "
            "to {capacity}.",
            "other": "{confirmed} are confirmed; move or cancel {move} before lowering the capacity "
            "to {capacity}.",
        },
    },
    "import_upload": {
        "da": "CSV- eller XLSX-eksport fra tilmeldingssystemet",
        "en": "CSV or XLSX export from the registration system",
    },
    "import_map": {"da": "Kolonne for {field}", "en": "Column for {field}"},
    "import_none": {"da": "(ingen)", "en": "(none)"},
    "import_preview": {"da": "Forhåndsvisning: {summary}", "en": "Preview: {summary}"},
    "import_button": {"da": "Importér alle rækker", "en": "Import all rows"},
    "import_mails": {
        "da": {
            "one": "{n} person får en mail med sin udflugt og kalenderinvitation, så snart du importerer.",
            "other": "{n} personer får hver en mail med deres udflugt og kalenderinvitation, så snart "
            "du importerer.",
        },
        "en": {
            "one": "{n} person gets a mail with their excursion and calendar invitation as soon as you "
            "import.",
            "other": "{n} people each get a mail with their excursion and calendar invitation as soon as "
            "you import.",
        },
    },
    "import_blocked": {
        "da": "Ret fejlene i filen og upload den igen; intet importeres, før alle rækker er i orden.",
        "en": "Fix the errors in the file and upload it again; nothing is imported until every row is fine.",
    },
    "export_route": {"da": "Udflugt", "en": "Excursion"},
    "export_all": {"da": "Alle udflugter", "en": "All excursions"},
    "export_csv": {"da": "Deltagerliste (CSV til Excel)", "en": "Participant list (CSV for Excel)"},
    "export_xlsx": {"da": "Deltagerliste (XLSX)", "en": "Participant list (XLSX)"},
    "export_waiting": {"da": "Venteliste (CSV)", "en": "Waiting list (CSV)"},
    "export_guide": {"da": "Udskrivbar liste til guiden", "en": "Printable list for the guide"},
    "checkin_open": {"da": "Åbn check-in for guiden", "en": "Open check-in for the guide"},
    "checkin_title": {"da": "Check-in: {title}", "en": "Check-in: {title}"},
    "checkin_hint": {
        "da": "Sæt flueben ved et navn, når personen er mødt op.",
        "en": "Tick a name when the person has arrived.",
    },
    "checkin_search": {"da": "Find et navn", "en": "Find a name"},
    "checkin_search_hint": {"da": "Skriv en del af navnet", "en": "Type part of the name"},
    "checkin_no_match": {"da": "Ingen på listen passer til søgningen.", "en": "Nobody on the list matches."},
    "checkin_count": {"da": "{present} af {expected} mødt", "en": "{present} of {expected} present"},
    "checkin_noshows": {"da": "Ikke mødt: {names}", "en": "Not present: {names}"},
    "checkin_none": {
        "da": "Ingen er tilmeldt denne udflugt.",
        "en": "No one is signed up for this excursion.",
    },
    "choose_excursion": {"da": "Vælg en udflugt", "en": "Choose an excursion"},
    "result_no_route_chosen": {
        "da": "Vælg en udflugt for at tilmelde dig.",
        "en": "Choose an excursion to sign up.",
    },
    "store_trouble_action": {
        "da": "Det kunne ikke gemmes lige nu – prøv igen om lidt.",
        "en": "That could not be saved just now – please try again in a moment.",
    },
    "store_trouble_save": {
        "da": "Tilmeldingen kunne ikke gemmes lige nu – prøv igen om lidt.",
        "en": "Your sign-up could not be saved just now – please try again in a moment.",
    },
    "store_trouble_load": {
        "da": "Siden kan ikke hente tilmeldingerne lige nu – prøv igen om lidt.",
        "en": "The page cannot fetch the sign-ups just now – please try again in a moment.",
    },
    "import_progress": {
        "da": {
            "by": "total",
            "one": "Importerer: {n} af {total} række …",
            "other": "Importerer: {n} af {total} rækker …",
        },
        "en": {
            "by": "total",
            "one": "Importing: {n} of {total} row …",
            "other": "Importing: {n} of {total} rows …",
        },
    },
    "import_unfinished": {
        "da": {
            "by": "total",
            "one": "Importen af {source} ({when}) stoppede efter {n} af {total} række. Importér den samme "
            "fil igen for at gøre den færdig: rækker, der allerede er med, ændres ikke.",
            "other": "Importen af {source} ({when}) stoppede efter {n} af {total} rækker. Importér den samme "
            "fil igen for at gøre den færdig: rækker, der allerede er med, ændres ikke.",
        },
        "en": {
            "by": "total",
            "one": "The import of {source} ({when}) stopped after {n} of {total} row. Import the same file "
            "again to finish it: rows already in are not changed.",
            "other": "The import of {source} ({when}) stopped after {n} of {total} rows. Import the same "
            "file again to finish it: rows already in are not changed.",
        },
    },
    # --- the ready-check (excursions/readiness.py): each says what to do ---------------------
    "ready_title": {"da": "Klar til dagen?", "en": "Ready for the day?"},
    "ready_summary": {
        "da": {
            "by": "n",
            "one": "Klar til dagen? {n} punkt skal ses på",
            "other": "Klar til dagen? {n} punkter skal ses på",
        },
        "en": {
            "by": "n",
            "one": "Ready for the day? {n} point to look at",
            "other": "Ready for the day? {n} points to look at",
        },
    },
    "ready_all_green": {"da": "Alt er klar.", "en": "Everything is ready."},
    "ready_public_url_ok": {
        "da": "Adressen i QR-koden ({url}) svarer og er denne app.",
        "en": "The QR code's address ({url}) answers and is this app.",
    },
    "ready_public_url_local": {
        "da": "QR-koden peger på {url}, som kun denne computer kan åbne. Sæt public_url i "
        "event-filen til den adresse, telefonerne bruger.",
        "en": "The QR code points at {url}, which only this computer can open. Set public_url in the "
        "event file to the address phones use.",
    },
    "ready_public_url_unreachable": {
        "da": "QR-kodens adresse {url} svarer ikke herfra ({reason}). Tjek DNS, proxy og firewall.",
        "en": "The QR code's address {url} does not answer from here ({reason}). Check DNS, proxy "
        "and firewall.",
    },
    "ready_public_url_not_this_app": {
        "da": "QR-kodens adresse {url} svarer, men ikke som denne app (HTTP {status}). Tjek public_url "
        "og proxyen.",
        "en": "The QR code's address {url} answers, but not as this app (HTTP {status}). Check "
        "public_url and the proxy.",
    },
    "ready_tiles_ok": {"da": "Kortbaggrunden hentes.", "en": "The map background loads."},
    "ready_tiles_off": {
        "da": "Kortbaggrunden er slået fra (ruterne vises på hvid baggrund).",
        "en": "The map background is switched off (routes are drawn on white).",
    },
    "ready_tiles_unreachable": {
        "da": "Kortbaggrunden kan ikke hentes ({reason}). Ruterne vises stadig; ret EXCURSIONS_TILES "
        "eller sæt den til none.",
        "en": "The map background cannot be fetched ({reason}). Routes are still drawn; fix "
        "EXCURSIONS_TILES or set it to none.",
    },
    "ready_wish_round_after_departure": {
        "da": "Ønskerunden lukker {date}, efter den første afgang: sæt wishes_close i begivenhedsfilen "
        "tidligere.",
        "en": "The wish round closes on {date}, after the first departure: set an earlier wishes_close in "
        "the event file.",
    },
    "ready_wish_round_draw_due": {
        "da": "Ønskerunden lukkede {date}, men pladserne er ikke fordelt: tryk Fordel pladser under "
        "Lodtrækning.",
        "en": "The wish round closed on {date}, but the seats are not given out: press Give out the seats "
        "under Draw.",
    },
    "ready_wish_round_drawn": {
        "da": "Lodtrækningen er gennemført; de ledige pladser går efter først til mølle.",
        "en": "The draw is made; the free seats go first come, first served.",
    },
    "ready_wish_round_open_auto": {
        "da": "Ønskerunden lukker {date}; så fordeler appen selv pladserne.",
        "en": "The wish round closes on {date}; then the app gives out the seats itself.",
    },
    "ready_wish_round_open_manual": {
        "da": "Ønskerunden lukker {date}; så fordeler du pladserne under Lodtrækning.",
        "en": "The wish round closes on {date}; then you give out the seats under Draw.",
    },
    "ready_signup_open": {
        "da": "Alle med linket kan tilmelde sig (med grænser pr. browser og netværksadresse; "
        "arrangørsiden slår alarm ved mange fra én kilde). Det stærkeste værn mod et script, der "
        "tager pladser, er EXCURSIONS_SIGNUP_REGISTERED_ONLY=true med tilmeldingerne fra "
        "registreringssystemet importeret.",
        "en": "Anyone with the link can sign up (within limits per browser and network address; the "
        "organiser page raises an alarm for many from one source). The strongest defence against a "
        "script taking seats is EXCURSIONS_SIGNUP_REGISTERED_ONLY=true with the registrations imported.",
    },
    "ready_signup_registered_only": {
        "da": "Kun deltagere fra registreringssystemet kan tilmelde sig: et script kan ikke tage pladser.",
        "en": "Only participants from the registration system can sign up: a script cannot take seats.",
    },
    "ready_password_ok": {
        "da": "Arrangørsiden har en adgangskode.",
        "en": "The organiser page has a password.",
    },
    "ready_password_missing": {
        "da": "Arrangørsiden har ingen adgangskode: lav en med `excursions hash-password`.",
        "en": "The organiser page has no password: make one with `excursions hash-password`.",
    },
    "ready_database_ok": {
        "da": "Databasen ({kind}) svarer og gemmer.",
        "en": "The database ({kind}) answers and saves.",
    },
    "ready_database_failed": {
        "da": "Databasen kan ikke gemme: {reason}",
        "en": "The database cannot save: {reason}",
    },
    "ready_mail_ok": {
        "da": "Mailserveren {server} tager imod forbindelsen.",
        "en": "The mail server {server} accepts the connection.",
    },
    "ready_mail_sent": {
        "da": "En testmail er sendt til {to} gennem {server}.",
        "en": "A test message went to {to} through {server}.",
    },
    "ready_mail_files": {
        "da": "Der er ingen mailserver: bekræftelser skrives som filer i {folder}. Sæt EXCURSIONS_MAIL_URL.",
        "en": "No mail server: confirmations are written as files in {folder}. Set EXCURSIONS_MAIL_URL.",
    },
    "ready_mail_no_sender": {
        "da": "Der er ingen afsenderadresse: sæt sender_address under [mail] i event-filen.",
        "en": "No sender address: set sender_address under [mail] in the event file.",
    },
    "ready_mail_failed": {
        "da": "Mail kan ikke sendes: {reason}. Tjek EXCURSIONS_MAIL_URL.",
        "en": "Mail cannot be sent: {reason}. Check EXCURSIONS_MAIL_URL.",
    },
    "ready_routes_ok_with_edits": {
        "da": {
            "one": "Udflugten er i orden (fra rutefilerne: {files}; gemt i browseren: {saved}).",
            "other": "Alle {n} udflugter er i orden (fra rutefilerne: {files}; gemt i browseren: {saved}).",
        },
        "en": {
            "one": "The excursion is valid (from the route files: {files}; saved in the browser: {saved}).",
            "other": "All {n} excursions are valid (from the route files: {files}; saved in the browser: "
            "{saved}).",
        },
    },
    "ready_routes_ok": {
        "da": {"one": "{n} rutefil er i orden.", "other": "Alle {n} rutefiler er i orden."},
        "en": {"one": "{n} route file is valid.", "other": "All {n} route files are valid."},
    },
    "ready_routes_problems": {
        "da": {
            "one": "{n} problem med rutefilerne: se listen, og kør `excursions validate`.",
            "other": "{n} problemer med rutefilerne: se listen, og kør `excursions validate`.",
        },
        "en": {
            "one": "{n} problem with the route files: see the list, and run `excursions validate`.",
            "other": "{n} problems with the route files: see the list, and run `excursions validate`.",
        },
    },
    "ready_window_ok": {
        "da": "Tilmeldingen åbner før den lukker og lukker før første afgang.",
        "en": "Sign-up opens before it closes and closes before the first departure.",
    },
    "ready_window_order": {
        "da": "Tilmeldingen lukker, før den åbner: ret opens og closes under [signup].",
        "en": "Sign-up closes before it opens: fix opens and closes under [signup].",
    },
    "ready_window_after_departure": {
        "da": "Tilmeldingen lukker efter første afgang: ret closes under [signup].",
        "en": "Sign-up closes after the first departure: fix closes under [signup].",
    },
    "ready_window_demo": {
        "da": "Tilmeldingen holdes åben efter fristen (demo_keep_open): slet linjen til en rigtig event.",
        "en": "Sign-up is kept open after the deadline (demo_keep_open): delete that line for a real event.",
    },
    "ready_deletion_overdue": {
        "da": "Persondata skulle være slettet efter {date}: slet dem nu (fanen Persondata eller "
        "`excursions purge-personal-data --yes`).",
        "en": "Personal data should have been deleted after {date}: delete it now (the Persondata tab "
        "or `excursions purge-personal-data --yes`).",
    },
    "ready_deletion_ok": {
        "da": "Persondata slettes efter {date}.",
        "en": "Personal data is deleted after {date}.",
    },
    "ready_deletion_missing": {
        "da": "Der er ingen slettedato: sæt delete_personal_data_after under [privacy].",
        "en": "No deletion date: set delete_personal_data_after under [privacy].",
    },
    "ready_deletion_too_early": {
        "da": "Slettedatoen {date} ligger før eventens sidste dag: ret delete_personal_data_after.",
        "en": "The deletion date {date} is before the event's last day: fix delete_personal_data_after.",
    },
    "climate_label": {"da": "Klimaaftryk", "en": "Climate footprint"},
    "climate_trip": {
        "da": "{kg} CO₂ for en fuld gruppe på {people} – i bil {car}",
        "en": "{kg} CO₂ for a full group of {people} – by car {car}",
    },
    "kick_climate": {
        "da": "{km} til fods og på cykel – 0 kg CO₂. Busserne: {kg}. I bil: {car}.",
        "en": "{km} on foot and by bike – 0 kg CO₂. The buses: {kg}. By car: {car}.",
    },
    "result_too_fast": {
        "da": "Der er kommet mange tilmeldinger fra denne browser på kort tid. Vent lidt, og prøv igen.",
        "en": "Many sign-ups have come from this browser in a short time. Wait a while and try again.",
    },
    "other_links_note": {
        "da": {
            "one": "Der findes {n} andet link til din tilmelding (fra en tidligere mail, eller fordi "
            "nogen andre har skrevet din adresse). Den, der har det, kan skifte eller melde dig fra.",
            "other": "Der findes {n} andre links til din tilmelding (fra tidligere mails, eller fordi "
            "nogen andre har skrevet din adresse). Den, der har dem, kan skifte eller melde dig fra.",
        },
        "en": {
            "one": "There is {n} other link to your sign-up (from an earlier mail, or because someone "
            "else typed your address). Whoever has it can switch or cancel for you.",
            "other": "There are {n} other links to your sign-up (from earlier mails, or because someone "
            "else typed your address). Whoever has them can switch or cancel for you.",
        },
    },
    "other_links_end": {"da": "Log andre links ud", "en": "End the other links"},
    "other_links_ended": {
        "da": {
            "one": "{n} andet link virker ikke længere. Dette link og din plads er som før.",
            "other": "{n} andre links virker ikke længere. Dette link og din plads er som før.",
        },
        "en": {
            "one": "{n} other link no longer works. This link and your seat are as before.",
            "other": "{n} other links no longer work. This link and your seat are as before.",
        },
    },
    "mail_other_links": {
        "da": "Har nogen andre et link til din tilmelding, fordi de skrev din adresse? Åbn dit link og "
        'tryk på "Log andre links ud" – din plads beholder du.',
        "en": "Does someone else have a link to your sign-up because they typed your address? Open your "
        'link and press "End the other links" – you keep your seat.',
    },
    "result_switched_too_often": {
        "da": "Du har skiftet udflugt mange gange den seneste time, så vi venter lidt med flere skift. "
        "Din nuværende tilmelding gælder stadig. Prøv igen senere.",
        "en": "You have switched excursion many times in the last hour, so further switches wait a "
        "while. Your current sign-up still stands. Try again later.",
    },
    "alarm_browser": {
        "da": {
            "one": "{n} tilmelding fra én browser (netværksadresse {address}) siden kl. {since}.",
            "other": "{n} tilmeldinger fra én browser (netværksadresse {address}) siden kl. {since}. "
            "En person tilmelder sig én gang, måske med en kollega eller to: det ligner et script.",
        },
        "en": {
            "one": "{n} sign-up from one browser (network address {address}) since {since}.",
            "other": "{n} sign-ups from one browser (network address {address}) since {since}. A "
            "person signs up once, perhaps with a colleague or two: this looks like a script.",
        },
    },
    "alarm_no_cookie": {
        "da": {
            "one": "{n} tilmelding uden browser-cookie fra netværksadressen {address} siden kl. {since}.",
            "other": "{n} tilmeldinger uden browser-cookie fra netværksadressen {address} siden kl. "
            "{since}. En almindelig browser har cookien: det ligner et script.",
        },
        "en": {
            "one": "{n} sign-up without a browser cookie from the network address {address} since {since}.",
            "other": "{n} sign-ups without a browser cookie from the network address {address} since "
            "{since}. An ordinary browser has the cookie: this looks like a script.",
        },
    },
    "alarm_address": {
        "da": {
            "one": "{n} tilmelding fra netværksadressen {address} siden kl. {since} (browsere: {browsers}).",
            "other": "{n} tilmeldinger fra netværksadressen {address} siden kl. {since} (browsere: "
            "{browsers}). Mange browsere bag én adresse er typisk et fælles Wi-Fi, fx konferencens; "
            "få browsere ligner et script.",
        },
        "en": {
            "one": "{n} sign-up from the network address {address} since {since} (browsers: {browsers}).",
            "other": "{n} sign-ups from the network address {address} since {since} (browsers: "
            "{browsers}). Many browsers behind one address is usually a shared Wi-Fi, such as the "
            "conference's; few browsers look like a script.",
        },
    },
    "alarm_address_unknown": {"da": "ukendt", "en": "unknown"},
    "alarm_show": {"da": "Se hvem det er", "en": "See who they are"},
    "alarm_keep": {"da": "Nej, lad dem være", "en": "No, leave them"},
    "alarm_undo_ask": {
        "da": {
            "one": "Meld {n} person fra? Pladsen går til den første på ventelisten, og personen får en mail.",
            "other": "Meld {n} personer fra? Deres pladser går til de første på ventelisterne, og "
            "hver person får en mail.",
        },
        "en": {
            "one": "Cancel {n} person? The seat goes to the first on the waiting list, and the person "
            "gets a mail.",
            "other": "Cancel {n} people? Their seats go to the first on the waiting lists, and each "
            "person gets a mail.",
        },
    },
    "alarm_undo": {
        "da": {"one": "Meld {n} person fra", "other": "Meld {n} personer fra"},
        "en": {"one": "Cancel {n} person", "other": "Cancel {n} people"},
    },
    "alarm_undone": {
        "da": {"one": "{n} person er meldt fra.", "other": "{n} personer er meldt fra."},
        "en": {"one": "{n} person has been cancelled.", "other": "{n} people have been cancelled."},
    },
    "org_too_fast": {
        "da": {
            "one": "{n} tilmelding blev afvist den seneste time, fordi den kom hurtigere, end et "
            "menneske kan taste (browsere: {sessions}). Det ligner et script: se deltagerlisten efter.",
            "other": "{n} tilmeldinger blev afvist den seneste time, fordi de kom hurtigere, end et "
            "menneske kan taste (browsere: {sessions}). Det ligner et script: se deltagerlisten efter.",
        },
        "en": {
            "one": "{n} sign-up was refused in the last hour because it came faster than a person "
            "can type (browsers: {sessions}). That looks like a script: check the participant list.",
            "other": "{n} sign-ups were refused in the last hour because they came faster than a "
            "person can type (browsers: {sessions}). That looks like a script: check the participant list.",
        },
    },
    "result_email_taken": {
        "da": "Denne e-mail er allerede tilmeldt – vi har sendt dit personlige link til den.",
        "en": "This e-mail is already signed up – we have sent your personal link to it.",
    },
    "result_not_registered": {
        "da": "Tilmeldingen er kun for deltagere, der er registreret til konferencen, og denne e-mail "
        "er ikke registreret. Skriv til arrangøren på {contact}, hvis det er en fejl.",
        "en": "Sign-up is only for participants registered for the conference, and this e-mail is not "
        "registered. Write to the organiser at {contact} if this is a mistake.",
    },
    "result_not_registered_nocontact": {
        "da": "Tilmeldingen er kun for deltagere, der er registreret til konferencen, og denne e-mail "
        "er ikke registreret. Kontakt arrangøren, hvis det er en fejl.",
        "en": "Sign-up is only for participants registered for the conference, and this e-mail is not "
        "registered. Contact the organiser if this is a mistake.",
    },
    "mail_sent_note": {
        "da": "Vi har sendt en bekræftelse med dit personlige link og en kalenderinvitation til {email}.",
        "en": "We have sent a confirmation with your personal link and a calendar invitation to {email}.",
    },
    "you_are_signed_up": {
        "da": "Du er tilmeldt: {title} – afgang {time} fra {place}",
        "en": "You are signed up: {title} – leaves {time} from {place}",
    },
    "you_are_waiting": {
        "da": "Du er nummer {n} på ventelisten til: {title} – afgang {time} fra {place}",
        "en": "You are number {n} on the waiting list for: {title} – leaves {time} from {place}",
    },
    "your_link": {"da": "Dit personlige link", "en": "Your personal link"},
    "switch_here": {"da": "Skift til {title}", "en": "Switch to {title}"},
    "lost_link_title": {"da": "Har du mistet dit link?", "en": "Lost your link?"},
    "lost_link_intro": {
        "da": "Skriv den e-mail, du tilmeldte dig med, så sender vi dit personlige link igen.",
        "en": "Write the e-mail you signed up with and we send your personal link again.",
    },
    "lost_link_button": {"da": "Send mit link", "en": "Send my link"},
    "lost_link_sent": {
        "da": "Hvis {email} er tilmeldt, har vi sendt linket dertil. Kig også i spam-mappen.",
        "en": "If {email} is signed up, we have sent the link there. Check the spam folder too.",
    },
    "lost_link_throttled": {
        "da": "Der er bedt om et link for nylig. Vent et kvarter, før du prøver igen.",
        "en": "A link was asked for recently. Wait a quarter of an hour before you try again.",
    },
    "lost_link_held": {
        "da": "Der er sendt mange mails til {email} den sidste time, så linket sendes ikke nu. "
        "Prøv igen om en time, eller spørg en arrangør.",
        "en": "Many mails went to {email} within the last hour, so the link is not sent now. "
        "Try again in an hour, or ask an organiser.",
    },
    "manage_status_confirmed": {"da": "Du skal med", "en": "You are going"},
    "manage_status_waiting": {
        "da": "Du er nummer {n} på ventelisten",
        "en": "You are number {n} on the waiting list",
    },
    "manage_route_map": {"da": "Ruten på kortet", "en": "The route on the map"},
    "result_switched": {
        "da": "Du er flyttet fra {previous} til {title}. Vi har sendt en bekræftelse på e-mail.",
        "en": "You have moved from {previous} to {title}. We have sent a confirmation by e-mail.",
    },
    "result_joined": {
        "da": "Du er tilmeldt {title}. Vi har sendt en bekræftelse på e-mail.",
        "en": "You are signed up for {title}. We have sent a confirmation by e-mail.",
    },
    "switch_same": {
        "da": "Du er allerede på den udflugt. Vælg en anden for at skifte.",
        "en": "You are on that excursion already. Choose another to switch.",
    },
    "cancel_ask": {
        "da": "Vil du melde dig fra {title}? Din plads går videre til den første på ventelisten.",
        "en": "Do you want to cancel {title}? Your seat goes to the first person on the waiting list.",
    },
    "cancel_yes": {"da": "Ja, meld mig fra", "en": "Yes, cancel"},
    "keep_seat": {"da": "Nej, behold min plads", "en": "No, keep my seat"},
    "keep_data": {"da": "Nej, behold mine oplysninger", "en": "No, keep my details"},
    "result_cancelled_from": {
        "da": "Du er meldt fra {title}. Vi har sendt en bekræftelse på e-mail.",
        "en": "You have cancelled {title}. We have sent a confirmation by e-mail.",
    },
    "forget_button": {"da": "Slet mine oplysninger", "en": "Delete my data"},
    "forget_ask": {
        "da": "Slet dit navn, din e-mail og din organisation nu? Din plads bliver givet videre, "
        "og linket holder op med at virke.",
        "en": "Delete your name, e-mail and organisation now? Your seat is given on, and the link "
        "stops working.",
    },
    "forget_yes": {"da": "Ja, slet mine oplysninger", "en": "Yes, delete my data"},
    "forget_done": {
        "da": "Dine oplysninger er slettet. Har du lagt udflugten i din kalender, så slet den også "
        "der: vi sender ikke flere mails til din adresse. Du kan lukke siden.",
        "en": "Your data has been deleted. If you put the excursion in your calendar, delete it "
        "there too: we send no more mail to your address. You can close this page.",
    },
    "org_tab_mail": {"da": "Post", "en": "Mail"},
    "mail_tally": {
        "da": "{queued} venter · {sent} sendt · {failed} fejlet · {held} holdt tilbage",
        "en": "{queued} waiting · {sent} sent · {failed} failed · {held} held back",
    },
    "mail_retry": {"da": "Prøv de fejlede igen", "en": "Retry the failed ones"},
    "mail_retried": {
        "da": {"one": "{n} mail sendes igen.", "other": "{n} mails sendes igen."},
        "en": {"one": "{n} mail will be sent again.", "other": "{n} mails will be sent again."},
    },
    "mail_none": {"da": "Ingen mails endnu.", "en": "No mail yet."},
    "col_mail_to": {"da": "Til", "en": "To"},
    "col_mail_kind": {"da": "Slags", "en": "Kind"},
    "col_mail_subject": {"da": "Emne", "en": "Subject"},
    "col_mail_status": {"da": "Status", "en": "Status"},
    "col_mail_attempts": {"da": "Forsøg", "en": "Tries"},
    "col_mail_when": {"da": "Oprettet", "en": "Created"},
    "col_mail_next": {"da": "Næste forsøg", "en": "Next try"},
    "col_mail_error": {"da": "Sidste fejl", "en": "Last error"},
    "mail_status_queued": {"da": "venter", "en": "waiting"},
    "mail_status_retrying": {"da": "prøver igen", "en": "retrying"},
    "mail_status_sent": {"da": "sendt", "en": "sent"},
    "mail_status_failed": {"da": "fejlet", "en": "failed"},
    "mail_status_held": {"da": "holdt tilbage", "en": "held back"},
    "mail_kind_signed_up": {"da": "tilmeldt", "en": "signed up"},
    "mail_kind_waitlisted": {"da": "venteliste", "en": "waiting list"},
    "mail_kind_moved": {"da": "flyttet", "en": "moved"},
    "mail_kind_promoted": {"da": "fået plads", "en": "got a seat"},
    "mail_kind_cancelled": {"da": "afmeldt", "en": "cancelled"},
    "mail_kind_already_signed_up": {"da": "allerede tilmeldt", "en": "already signed up"},
    "mail_kind_link": {"da": "link igen", "en": "link again"},
    "purge_heading": {"da": "Persondata", "en": "Personal data"},
    "purge_due": {
        "da": "Persondata skulle slettes efter {date}. Slet dem nu på fanen Persondata.",
        "en": "Personal data was to be deleted after {date}. Delete it now on the Personal data tab.",
    },
    "purge_explain": {
        "da": "Sletter navne, e-mails, organisationer, personlige links og mails i kø for alle. "
        "Antal tilmeldte, grafen over tid og check-in-tal bevares. Kan ikke fortrydes.",
        "en": "Deletes names, e-mails, organisations, personal links and queued mail of everyone. "
        "Counts, the chart over time and check-in totals are kept. Cannot be undone.",
    },
    "purge_planned": {
        "da": "Planlagt sletning: efter {date}.",
        "en": "Planned deletion: after {date}.",
    },
    "purge_done_at": {"da": "Persondata blev slettet {when}.", "en": "Personal data was deleted {when}."},
    "purge_confirm": {
        "da": "Jeg forstår, at alle navne og e-mails slettes",
        "en": "I understand that every name and e-mail is deleted",
    },
    "purge_button": {"da": "Slet persondata nu", "en": "Delete personal data now"},
    "purge_result": {
        "da": {"one": "{n} person er anonymiseret.", "other": "{n} personer er anonymiseret."},
        "en": {"one": "{n} person was made anonymous.", "other": "{n} people were made anonymous."},
    },
    # --- mail ---------------------------------------------------------------------------------
    "mail_subject_signed_up": {"da": "Tilmeldt: {title}", "en": "Signed up: {title}"},
    "mail_subject_waitlisted": {"da": "Venteliste: {title}", "en": "Waiting list: {title}"},
    "mail_subject_moved": {"da": "Flyttet til: {title}", "en": "Moved to: {title}"},
    "mail_subject_promoted": {"da": "Du har fået en plads: {title}", "en": "You have a seat: {title}"},
    "mail_subject_cancelled": {"da": "Afmeldt: {title}", "en": "Cancelled: {title}"},
    "mail_subject_already_signed_up": {
        "da": "Dit personlige link til udflugterne",
        "en": "Your personal link to the excursions",
    },
    "mail_subject_link": {
        "da": "Dit personlige link til udflugterne",
        "en": "Your personal link to the excursions",
    },
    "mail_subject_wishes": {"da": "Dine ønsker er modtaget", "en": "Your wishes are in"},
    "mail_subject_drawn": {"da": "Din udflugt: {title}", "en": "Your excursion: {title}"},
    "mail_subject_not_drawn": {
        "da": "Lodtrækningen: ingen ledig plads på dine ønsker",
        "en": "The draw: no seat left on your wishes",
    },
    "wish_rank": {"da": "{n}. ønske", "en": "Wish {n}"},
    "mail_body_wishes": {
        "da": "Vi har modtaget dine ønsker til udflugterne. Det er ønsker, ikke pladser: "
        "pladserne fordeles ved lodtrækningen {when}, og så får du en mail med din udflugt.",
        "en": "We have your wishes for the excursions. They are wishes, not seats yet: the seats "
        "are given out in the draw on {when}, and then you get a mail with your excursion.",
    },
    "mail_wishes_how": {
        "da": "Ved lodtrækningen får alle så vidt muligt deres højeste ønske; hvem der får de sidste "
        "pladser, afgøres ved lod. Det er ligegyldigt, hvornår du sendte dine ønsker.",
        "en": "The draw gives everyone their highest wish as far as the seats go; who gets the last "
        "seats is decided by lot. It does not matter when you sent your wishes.",
    },
    "mail_wishes_change": {
        "da": "Du kan ændre dine ønsker med linket indtil {when}.",
        "en": "You can change your wishes with the link until {when}.",
    },
    "mail_link_intro_wishes": {
        "da": "Dit personlige link – her kan du se og ændre dine ønsker:",
        "en": "Your personal link – see and change your wishes:",
    },
    "mail_body_drawn": {
        "da": "Lodtrækningen er afgjort: du skal med på {title} – dit {n}. ønske.",
        "en": "The draw is made: you are going on {title} – your wish {n}.",
    },
    "mail_body_drawn_plain": {
        "da": "Lodtrækningen er afgjort: du skal med på {title}.",
        "en": "The draw is made: you are going on {title}.",
    },
    "mail_body_not_drawn": {
        "da": "Lodtrækningen er afgjort, og ingen af dine ønsker havde en ledig plads. Du er nummer {n} "
        "på ventelisten til dit 1. ønske, {title}, og får automatisk en plads og en mail, når en "
        "anden melder fra.",
        "en": "The draw is made, and none of your wishes had a seat left. You are number {n} on the "
        "waiting list for your first wish, {title}, and get a seat, and a mail, automatically when "
        "someone cancels.",
    },
    "mail_not_drawn_open": {
        "da": "Disse udflugter har stadig ledige pladser; med dit link kan du skifte til en af dem: "
        "{routes}.",
        "en": "These excursions still have seats; with your link you can switch to one of them: {routes}.",
    },
    "mail_not_drawn_none_open": {
        "da": "Alle udflugter er fulde lige nu.",
        "en": "Every excursion is full right now.",
    },
    "mail_hello": {"da": "Hej {name}", "en": "Hello {name}"},
    "mail_body_signed_up": {
        "da": "Du har fået en plads på udflugten {title}.",
        "en": "You have a seat on the excursion {title}.",
    },
    "mail_body_waitlisted": {
        "da": "Udflugten {title} er fuld. Du er nummer {n} på ventelisten og får automatisk en plads "
        "og en ny mail, når en anden melder fra.",
        "en": "The excursion {title} is full. You are number {n} on the waiting list and get a seat, "
        "and another mail, automatically when someone cancels.",
    },
    "mail_by_organiser_moved": {
        "da": "En arrangør har flyttet din tilmelding. Spørgsmål? Skriv til {contact}.",
        "en": "An organiser has moved your sign-up. Questions? Write to {contact}.",
    },
    "mail_by_organiser_moved_plain": {
        "da": "En arrangør har flyttet din tilmelding.",
        "en": "An organiser has moved your sign-up.",
    },
    "mail_by_organiser_cancelled_plain": {
        "da": "En arrangør har meldt dig fra.",
        "en": "An organiser has cancelled your sign-up.",
    },
    "mail_by_organiser_cancelled": {
        "da": "En arrangør har meldt dig fra. Spørgsmål? Skriv til {contact}.",
        "en": "An organiser has cancelled your sign-up. Questions? Write to {contact}.",
    },
    "mail_body_moved": {
        "da": "Du er flyttet fra {previous} til {title}.",
        "en": "You have been moved from {previous} to {title}.",
    },
    "mail_body_moved_waiting": {
        "da": "Du er flyttet fra {previous} til ventelisten til {title}, hvor du er nummer {n}.",
        "en": "You have been moved from {previous} to the waiting list for {title}, where you are "
        "number {n}.",
    },
    "mail_body_promoted": {
        "da": "Der er blevet en plads ledig: du skal med på {title}.",
        "en": "A seat has come free: you are going on {title}.",
    },
    "mail_body_cancelled": {
        "da": "Du er meldt fra udflugten {title}. Aftalen i din kalender er aflyst.",
        "en": "You are no longer signed up for {title}. The entry in your calendar is cancelled.",
    },
    "mail_body_already_signed_up": {
        "da": "Nogen – måske dig selv – prøvede at tilmelde sig med denne e-mailadresse, som allerede "
        "er tilmeldt. Intet er ændret.",
        "en": "Someone – perhaps you – tried to sign up with this e-mail address, which is already "
        "signed up. Nothing has changed.",
    },
    "mail_body_link": {
        "da": "Her er dit personlige link, som du bad om.",
        "en": "Here is your personal link, as you asked.",
    },
    "mail_now_on": {"da": "Du er tilmeldt: {title}.", "en": "You are signed up for: {title}."},
    "mail_now_waiting": {
        "da": "Du er nummer {n} på ventelisten til: {title}.",
        "en": "You are number {n} on the waiting list for: {title}.",
    },
    "mail_now_none": {
        "da": "Du er ikke tilmeldt nogen udflugt lige nu.",
        "en": "You are not signed up for any excursion right now.",
    },
    "mail_link_intro": {
        "da": "Dit personlige link – her kan du se din tilmelding, skifte udflugt eller melde fra:",
        "en": "Your personal link – see your sign-up, switch excursion or cancel:",
    },
    "invite_manage": {
        "da": "Se, skift eller meld fra med linket i din bekræftelsesmail. Har du ikke mailen, "
        "kan du få linket sendt igen her:",
        "en": "See, switch or cancel with the link in your confirmation mail. If you do not have "
        "the mail, you can have the link sent again here:",
    },
    "mail_link_intro_cancelled": {
        "da": "Dit personlige link – her kan du tilmelde dig en udflugt igen, hvis du fortryder:",
        "en": "Your personal link – sign up for an excursion again here if you change your mind:",
    },
    "mail_link_keep": {
        "da": "Linket er personligt: del det ikke.",
        "en": "The link is personal: do not share it.",
    },
    "mail_invite_attached": {
        "da": "Kalenderinvitationen er vedhæftet (invitation.ics).",
        "en": "The calendar invitation is attached (invitation.ics).",
    },
    "mail_cancel_attached": {
        "da": "Vedhæftet er en aflysning til din kalender (invitation.ics).",
        "en": "Attached is a cancellation for your calendar (invitation.ics).",
    },
    "mail_transport": {"da": "Transport", "en": "Transport"},
    "mail_regards": {"da": "Venlig hilsen", "en": "Kind regards"},
    "mail_questions": {"da": "Spørgsmål: skriv til {contact}", "en": "Questions: write to {contact}"},
    "mail_not_you": {
        "da": "Har du ikke selv tilmeldt dig? Så brug linket til at melde fra.",
        "en": "Did you not sign up yourself? Then use the link to cancel.",
    },
    "invite_waiting_prefix": {"da": "Venteliste", "en": "Waiting list"},
    "map_label": {"da": "Kort over alle udflugter", "en": "Map of all excursions"},
    # --- what an organiser's action did, naming the people and excursions it touched -------
    "org_moved": {
        "da": "{name} er flyttet fra {old} til {new} (plads {seat} af {capacity}).",
        "en": "{name} has been moved from {old} to {new} (seat {seat} of {capacity}).",
    },
    "org_moved_waiting": {
        "da": "{name} er flyttet fra {old} til ventelisten på {new} (nr. {n}).",
        "en": "{name} has been moved from {old} to the waiting list of {new} (no. {n}).",
    },
    "org_placed": {
        "da": "{name} er tilmeldt {new} (plads {seat} af {capacity}).",
        "en": "{name} is now signed up for {new} (seat {seat} of {capacity}).",
    },
    "org_placed_waiting": {
        "da": "{name} står nu på ventelisten til {new} (nr. {n}).",
        "en": "{name} is now on the waiting list of {new} (no. {n}).",
    },
    "org_already": {"da": "{name} er allerede på {new}.", "en": "{name} is already on {new}."},
    "org_cancelled": {"da": "{name} er afmeldt {old}.", "en": "{name} is no longer signed up for {old}."},
    "org_not_signed_up": {
        "da": "{name} er ikke tilmeldt nogen udflugt – intet er ændret.",
        "en": "{name} is not signed up for any excursion – nothing changed.",
    },
    "org_promoted_by_hand": {
        "da": "{name} har fået plads på {new} (plads {seat} af {capacity}; kapaciteten er hævet til "
        "{capacity}).",
        "en": "{name} has a seat on {new} (seat {seat} of {capacity}; the capacity is raised to {capacity}).",
    },
    "org_capacity_set": {
        "da": "Kapaciteten på {new} er nu {capacity}.",
        "en": "The capacity of {new} is now {capacity}.",
    },
    "org_capacity_same": {
        "da": "Kapaciteten på {new} er allerede {capacity} – intet er ændret.",
        "en": "The capacity of {new} is already {capacity} – nothing changed.",
    },
    "org_from_waiting": {
        "da": "{names} har fået plads fra ventelisten på {route}.",
        "en": "{names} got a seat from the waiting list of {route}.",
    },
    "org_unknown_route": {
        "da": "Udflugten findes ikke (længere) – intet er ændret.",
        "en": "The excursion does not exist (any more) – nothing changed.",
    },
    "org_checked_in": {"da": "{name} er mødt op til {route}.", "en": "{name} is present for {route}."},
    "org_checked_out": {
        "da": "{name} er ikke længere markeret som mødt til {route}.",
        "en": "{name} is no longer marked present for {route}.",
    },
    # --- confirmations before an action moves or removes people ------------------------------
    "confirm_move": {
        "da": "Flyt {name} fra {old} til {new}?",
        "en": "Move {name} from {old} to {new}?",
    },
    "confirm_new_seat": {
        "da": "{name} får plads {seat} af {capacity} på {new}.",
        "en": "{name} gets seat {seat} of {capacity} on {new}.",
    },
    "confirm_new_waiting": {
        "da": "{new} er fuld: {name} kommer på ventelisten som nr. {n}.",
        "en": "{new} is full: {name} goes on its waiting list as no. {n}.",
    },
    "confirm_cancel": {"da": "Afmeld {name} fra {old}?", "en": "Cancel {name}'s place on {old}?"},
    "confirm_frees": {
        "da": "Pladsen på {old} går til {next}, som står først på ventelisten.",
        "en": "The seat on {old} goes to {next}, who is first on the waiting list.",
    },
    "confirm_promote": {
        "da": "Giv {name} en ekstra plads på {new}? Kapaciteten hæves fra {before} til {after}.",
        "en": "Give {name} an extra seat on {new}? The capacity goes from {before} to {after}.",
    },
    "confirm_capacity": {
        "da": "Hæv kapaciteten på {new} fra {before} til {after}?",
        "en": "Raise the capacity of {new} from {before} to {after}?",
    },
    "confirm_capacity_promotes": {
        "da": "{names} får plads fra ventelisten.",
        "en": "{names} will get a seat from the waiting list.",
    },
    "confirm_yes_move": {"da": "Ja, flyt {name}", "en": "Yes, move {name}"},
    "confirm_yes_cancel": {"da": "Ja, afmeld {name}", "en": "Yes, cancel {name}"},
    "confirm_yes_promote": {"da": "Ja, giv {name} plads", "en": "Yes, give {name} a seat"},
    "confirm_yes_capacity": {
        "da": {"by": "after", "one": "Ja, gem {after} plads", "other": "Ja, gem {after} pladser"},
        "en": {"by": "after", "one": "Yes, save {after} seat", "other": "Yes, save {after} seats"},
    },
    "confirm_no": {"da": "Fortryd", "en": "Go back"},
    # --- excursions in the browser (the organiser's "Udflugter" tab, excursions/drafts.py) ----
    "tab_routes": {"da": "Udflugter", "en": "Excursions"},
    "edit_start": {"da": "Hvad vil du?", "en": "What would you like to do?"},
    "edit_new": {"da": "Tilføj en udflugt fra en fil", "en": "Add an excursion from a file"},
    "edit_edit": {"da": "Ret en udflugt", "en": "Edit an excursion"},
    "edit_upload": {
        "da": "GPX- eller GeoJSON-fil med ruten (et spor eller en rute fra f.eks. komoot, uMap eller din "
        "ruteplanlægger)",
        "en": "GPX or GeoJSON file with the route (a track or a route from e.g. komoot, uMap or your "
        "route planner)",
    },
    "edit_replace_line": {
        "da": "Ny linje (kan udelades): GPX- eller GeoJSON-fil",
        "en": "New line (optional): GPX or GeoJSON file",
    },
    "edit_pick": {"da": "Udflugt", "en": "Excursion"},
    "edit_as_new": {
        "da": "Brug den som udgangspunkt for en ny udflugt (gemmes under et nyt id)",
        "en": "Use it as the starting point for a new excursion (saved under a new id)",
    },
    "edit_id": {"da": "Id", "en": "Id"},
    "edit_id_help": {
        "da": "Bruges i adresser og filnavne: små bogstaver, tal og bindestreg. Kan ikke ændres bagefter.",
        "en": "Used in addresses and file names: lower-case letters, digits and hyphens. Cannot be "
        "changed later.",
    },
    "edit_title_da": {"da": "Titel (dansk)", "en": "Title (Danish)"},
    "edit_title_en": {"da": "Titel (engelsk)", "en": "Title (English)"},
    "edit_mode": {"da": "Transport", "en": "Transport"},
    "edit_capacity": {"da": "Pladser", "en": "Seats"},
    "edit_date": {"da": "Afgangsdato", "en": "Departure date"},
    "edit_duration": {"da": "Varighed (minutter)", "en": "Duration (minutes)"},
    "edit_duration_help": {
        "da": "Tom: anslået ud fra længde, transport og stop.",
        "en": "Empty: estimated from length, transport and stops.",
    },
    "edit_time": {"da": "Afgangstid", "en": "Departure time"},
    "edit_meeting": {"da": "Mødested (dansk)", "en": "Meeting point (Danish)"},
    "edit_meeting_en": {"da": "Mødested (engelsk)", "en": "Meeting point (English)"},
    "edit_desc_da": {"da": "Beskrivelse (dansk)", "en": "Description (Danish)"},
    "edit_desc_en": {"da": "Beskrivelse (engelsk)", "en": "Description (English)"},
    "edit_host": {"da": "Vært (dansk)", "en": "Host (Danish)"},
    "edit_host_en": {"da": "Vært (engelsk)", "en": "Host (English)"},
    "edit_access": {"da": "Tilgængelighed (dansk)", "en": "Accessibility (Danish)"},
    "edit_access_en": {"da": "Tilgængelighed (engelsk)", "en": "Accessibility (English)"},
    "edit_themes": {"da": "Temaer", "en": "Themes"},
    "edit_bikes": {"da": "Eventen stiller cykler", "en": "The event lends bikes"},
    "edit_stops": {
        "da": "Stop på vejen: tilføj en række for hvert; bredde- og længdegrad i grader (WGS84).",
        "en": "Stops on the way: add a row for each; latitude and longitude in degrees (WGS84).",
    },
    "edit_stop_name": {"da": "Navn", "en": "Name"},
    "edit_stop_name_en": {"da": "Navn (engelsk)", "en": "Name (English)"},
    "edit_stop_desc": {"da": "Beskrivelse", "en": "Description"},
    "edit_stop_desc_en": {"da": "Beskrivelse (engelsk)", "en": "Description (English)"},
    "edit_stop_lat": {"da": "Breddegrad", "en": "Latitude"},
    "edit_stop_lon": {"da": "Længdegrad", "en": "Longitude"},
    "edit_preview": {
        "da": "Linjen: {km}, anslået varighed {duration}.",
        "en": "The line: {km}, estimated duration {duration}.",
    },
    "edit_save": {"da": "Gem udflugten", "en": "Save the excursion"},
    "edit_saved": {
        "da": "{title} er gemt og vises for deltagerne inden for få sekunder.",
        "en": "{title} is saved and shows to participants within seconds.",
    },
    "edit_updated": {
        "da": "Ændringerne i {title} er gemt og vises for deltagerne inden for få sekunder.",
        "en": "The changes to {title} are saved and show to participants within seconds.",
    },
    "edit_fix": {
        "da": "Ret felterne markeret ovenfor; intet er gemt.",
        "en": "Fix the fields marked above; nothing was saved.",
    },
    "edit_problem_missing": {"da": "Skal udfyldes.", "en": "Fill this in."},
    "edit_problem_id_invalid": {
        "da": "Kun små bogstaver (a–z), tal og bindestreg, højst 64 tegn.",
        "en": "Only lower-case letters (a–z), digits and hyphens, at most 64 characters.",
    },
    "edit_problem_id_taken": {
        "da": "Id'et '{id}' bruges allerede af en anden udflugt.",
        "en": "The id '{id}' is already used by another excursion.",
    },
    "edit_problem_capacity_low": {"da": "Mindst 1 plads.", "en": "At least 1 seat."},
    "edit_problem_line_missing": {
        "da": "Upload en GPX- eller GeoJSON-fil med ruten.",
        "en": "Upload a GPX or GeoJSON file with the route.",
    },
    "edit_problem_no_line": {
        "da": "{file}: filen har ingen linje (et spor eller en rute med mindst to punkter) – intet at tegne.",
        "en": "{file}: the file has no line (a track or route with at least two points) – nothing to draw.",
    },
    "edit_problem_far_away": {
        "da": "Linjen ligger op til {km} km fra konferencestedet, uden for eventens område ({radius} km). "
        "Er det den rigtige fil?",
        "en": "The line lies up to {km} km from the venue, outside the event's area ({radius} km). Is this "
        "the right file?",
    },
    "edit_problem_swapped": {
        "da": "Linjen ligger {km} km væk, men ville ligge i området med bredde- og længdegrad byttet om. "
        "Eksportér filen igen (GeoJSON skriver [længdegrad, breddegrad]).",
        "en": "The line lies {km} km away, but would be in the area with latitude and longitude swapped. "
        "Export the file again (GeoJSON writes [longitude, latitude]).",
    },
    "edit_problem_stop_name": {"da": "Hvert stop skal have et navn.", "en": "Every stop needs a name."},
    "edit_problem_stop_far": {
        "da": "Stoppet '{name}' ligger {km} km fra konferencestedet.",
        "en": "The stop '{name}' lies {km} km from the venue.",
    },
    "edit_problem_polygon": {
        "da": "{file}: filen indeholder et område ({kind}), ikke en linje. Tegn ruten som en linje.",
        "en": "{file}: the file holds an area ({kind}), not a line. Draw the route as a line.",
    },
    "edit_problem_gpx_unreadable": {
        "da": "{file}: filen kan ikke læses som GPX (XML'en er i stykker). Eksportér den igen som GPX.",
        "en": "{file}: the file cannot be read as GPX (its XML is broken). Export it again as GPX.",
    },
    "edit_problem_json_unreadable": {
        "da": "{file}: filen kan ikke læses som GeoJSON. Eksportér den igen som GeoJSON.",
        "en": "{file}: the file cannot be read as GeoJSON. Export it again as GeoJSON.",
    },
    "edit_problem_route_file": {
        "da": "{file} er en rutefil, som `excursions validate` afviser – {field}: {problem}. Ret filen og "
        "upload den igen (eller upload kun linjen og udfyld felterne her).",
        "en": "{file} is a route file that `excursions validate` refuses – {field}: {problem}. Mend the "
        "file and upload it again (or upload the line alone and fill in the fields here).",
    },
    "edit_problem_file_type": {
        "da": "{file}: upload en .gpx- eller .geojson-fil.",
        "en": "{file}: upload a .gpx or .geojson file.",
    },
    "edit_problem_invalid": {
        "da": "Udflugten kan ikke gemmes ({message}). Intet er gemt.",
        "en": "The excursion cannot be saved ({message}). Nothing was saved.",
    },
    "edit_visibility": {"da": "Skjul eller vis en udflugt", "en": "Hide or show an excursion"},
    "edit_hide": {"da": "Skjul udflugten", "en": "Hide the excursion"},
    "edit_hidden": {
        "da": "{title} er skjult: deltagerne ser den ikke længere.",
        "en": "{title} is hidden: participants no longer see it.",
    },
    "edit_hide_refused": {
        "da": "{title} kan ikke skjules: {confirmed} er tilmeldt og {waiting} står på venteliste. Flyt eller "
        "afmeld dem først (fanen Deltagere).",
        "en": {
            "by": "confirmed",
            "one": "{title} cannot be hidden: {confirmed} is signed up and {waiting} waiting. Move or "
            "cancel them first (the Participants tab).",
            "other": "{title} cannot be hidden: {confirmed} are signed up and {waiting} waiting. Move or "
            "cancel them first (the Participants tab).",
        },
    },
    "edit_none_hidden": {"da": "Ingen udflugter er skjult.", "en": "No excursion is hidden."},
    "edit_hidden_row": {"da": "Skjult: {title}", "en": "Hidden: {title}"},
    "edit_show": {"da": "Vis igen", "en": "Show again"},
    "edit_shown": {"da": "{title} vises igen for deltagerne.", "en": "{title} shows to participants again."},
    "edit_export_heading": {"da": "Rutefiler", "en": "Route files"},
    "edit_export": {
        "da": "Hent alle udflugter som rutefiler (zip)",
        "en": "Download every excursion as route files (zip)",
    },
    "edit_export_help": {
        "da": "Én GeoJSON-fil pr. udflugt i det dokumenterede format; pak dem ud i data/routes/.",
        "en": "One GeoJSON file per excursion in the documented format; unpack them into data/routes/.",
    },
    # --- the import's words (excursions/registrations.py returns codes) --------------------
    "import_field_name": {"da": "navn", "en": "name"},
    "import_field_email": {"da": "e-mail", "en": "e-mail"},
    "import_field_organisation": {"da": "organisation", "en": "organisation"},
    "import_field_excursion": {"da": "udflugt", "en": "excursion"},
    "import_col_row": {"da": "Række", "en": "Row"},
    "import_col_action": {"da": "Sker", "en": "Action"},
    "import_col_problem": {"da": "Problem", "en": "Problem"},
    "import_moved_from": {"da": "flyttes fra {title}", "en": "moves from {title}"},
    "import_action_new": {"da": "ny", "en": "new"},
    "import_action_moved": {"da": "flyttes", "en": "moved"},
    "import_action_unchanged": {"da": "uændret", "en": "unchanged"},
    "import_action_registered": {"da": "registreret, ingen udflugt", "en": "registered, no excursion"},
    "import_action_error": {"da": "fejl", "en": "error"},
    "import_tally_new": {"da": {"one": "{n} ny", "other": "{n} nye"}, "en": "{n} new"},
    "import_tally_moved": {"da": "{n} flyttes", "en": "{n} moved"},
    "import_done_moved": {"da": "{n} flyttet", "en": "{n} moved"},
    "import_tally_unchanged": {"da": "{n} uændret", "en": "{n} unchanged"},
    "import_tally_registered": {
        "da": "{n} uden udflugt",
        "en": "{n} without an excursion",
    },
    "import_tally_error": {
        "da": "{n} med fejl",
        "en": {"one": "{n} error", "other": "{n} errors"},
    },
    "import_nothing_changed": {
        "da": {
            "one": "Intet er ændret: den ene række var allerede importeret.",
            "other": "Intet er ændret: alle {n} rækker var allerede importeret.",
        },
        "en": {
            "one": "Nothing changed: the one row was already imported.",
            "other": "Nothing changed: all {n} rows were already imported.",
        },
    },
    "import_applied": {
        "da": "Importeret fra {file}: {summary}.",
        "en": "Imported from {file}: {summary}.",
    },
    "import_problem_email_missing": {"da": "e-mailadressen mangler", "en": "the e-mail address is missing"},
    "import_problem_email_invalid": {
        "da": "e-mailadressen er ikke gyldig",
        "en": "the e-mail address is not valid",
    },
    "import_problem_email_too_long": {
        "da": "e-mailadressen har {n} tegn; højst {limit}",
        "en": {
            "one": "the e-mail address has {n} character; at most {limit}",
            "other": "the e-mail address has {n} characters; at most {limit}",
        },
    },
    "import_problem_email_control": {
        "da": "e-mailadressen har kontroltegn",
        "en": "the e-mail address has control characters",
    },
    "import_problem_email_local_not_ascii": {
        "da": "e-mailadressen har æ, ø, å eller andre særlige bogstaver før @ (kan ikke modtage post)",
        "en": "the e-mail address has æ, ø, å or other special letters before the @ (cannot receive mail)",
    },
    "import_problem_email_mixed_scripts": {
        "da": "e-mailadressen blander bogstaver fra forskellige alfabeter",
        "en": "the e-mail address mixes letters of different alphabets",
    },
    "import_problem_name_missing": {"da": "navnet mangler", "en": "the name is missing"},
    "import_problem_name_too_long": {
        "da": "navnet har {n} tegn; højst {limit}",
        "en": {
            "one": "the name has {n} character; at most {limit}",
            "other": "the name has {n} characters; at most {limit}",
        },
    },
    "import_problem_organisation_too_long": {
        "da": "organisationen har {n} tegn; højst {limit}",
        "en": {
            "one": "the organisation has {n} character; at most {limit}",
            "other": "the organisation has {n} characters; at most {limit}",
        },
    },
    "import_problem_control_characters": {
        "da": "fjern kontroltegnene i feltet {field}",
        "en": "remove the control characters from the {field}",
    },
    "import_problem_no_such_excursion": {
        "da": "udflugten '{wanted}' passer ikke til nogen udflugts id eller titel",
        "en": "the excursion '{wanted}' matches no excursion's id or title",
    },
    "import_problem_duplicate": {
        "da": "adressen står også i række {other}",
        "en": "the address is also in row {other}",
    },
    "import_err_file_encoding": {
        "da": "{file}: filen er ikke i en tegnkodning, importen kan læse. Gem den som UTF-8 (med eller uden "
        "BOM), UTF-16 med BOM (Excels 'Unicode-tekst') eller Windows-1252.",
        "en": "{file}: the file is not in an encoding the import reads. Save it as UTF-8 (with or without "
        "BOM), UTF-16 with BOM (Excel's 'Unicode text') or Windows-1252.",
    },
    "import_err_file_unreadable": {
        "da": "{file}: filen kan ikke læses som en tabel. Gem den som CSV eller XLSX og prøv igen.",
        "en": "{file}: the file cannot be read as a table. Save it as CSV or XLSX and try again.",
    },
    "import_err_file_empty": {
        "da": "{file}: filen har en overskrift, men ingen rækker.",
        "en": "{file}: the file has a header but no rows.",
    },
    "import_err_map_missing": {
        "da": "Vælg en kolonne for: {fields}.",
        "en": "Pick a column for: {fields}.",
    },
    "import_err_map_unknown_column": {
        "da": "Filen har ingen kolonne {columns}; den har {has}.",
        "en": "The file has no column {columns}; it has {has}.",
    },
    "import_err_import_route_gone": {
        "da": "{email}: udflugten '{route}' findes ikke (længere), så importen stoppede. Ret filen og "
        "importér den igen – rækker, der allerede er med, ændres ikke.",
        "en": "{email}: the excursion '{route}' does not exist (any more), so the import stopped. Fix the "
        "file and import it again – rows already in are not changed.",
    },
}
STRINGS.update(EVENT_STRINGS)  # the event form's part (excursions/i18n_event.py)


def t(key: str, lang: str, **values: object) -> str:
    """The string for key in lang (Danish if the language has none).

    An entry whose text is a dict of plural forms ('one', 'other', as Babel names the
    language's rules) picks the form for the value ``n``, or for the value its "by" names
    (in "12 of 30 seats" the noun follows the 30)."""
    entry = STRINGS[key]
    text = entry.get(lang) or entry["da"]
    if isinstance(text, dict):
        count = int(values.get(text.get("by", "n"), 0))  # type: ignore[call-overload]
        text = text.get(plural_form(count, lang)) or text["other"]
    return text.format(**values) if values else text


def plural_form(n: int, lang: str) -> str:
    """'one' or 'other' (or another CLDR category) for n in lang."""
    return Locale.parse(LOCALES.get(lang, "da_DK")).plural_form(abs(n))


def format_names(names: list[str], lang: str) -> str:
    """'Ole Berg og Sara Lund', 'Ole Berg, Sara Lund and Anna Holm'."""
    return format_list(list(names), locale=LOCALES.get(lang, "da_DK")) if names else ""


def mode_label(mode: Mode, lang: str) -> str:
    return t(f"mode_{mode.value}", lang)


def seats_badge(free: int, lang: str) -> str:
    """Short text for the map badge: the number of seats left, or 'fuld'."""
    return str(free) if free > 0 else t("seats_full", lang)


def wish_message(outcome: WishOutcome, lang: str, **values: object) -> tuple[str, str]:
    """(level, text) for a wish operation's outcome (SAVED and WITHDRAWN are worded by the page)."""
    level = "warning" if outcome in (WishOutcome.TOO_FAST, WishOutcome.CHANGED_TOO_OFTEN) else "error"
    if outcome is WishOutcome.EMAIL_TAKEN:
        level = "info"
    return level, t(f"wish_msg_{outcome.value}", lang, **values)


def demand_text(first_wishes: int, capacity: int, lang: str) -> str:
    """The wish round's line: '62 ønsker til 45 pladser'."""
    return t(
        "demand_line",
        lang,
        wishes=t("demand_wishes", lang, n=first_wishes),
        seats=t("demand_seats", lang, n=capacity),
    )


def demand_badge(first_wishes: int, lang: str) -> str:
    return t("demand_wishes", lang, n=first_wishes)


def seats_text(free: int, capacity: int, waiting: int, lang: str) -> str:
    """Text for lists and details: '12 af 30 ledige' or 'fuld - venteliste (3)'."""
    if free > 0:
        return t("seats_list", lang, free=free, capacity=capacity)
    return t("seats_full_waiting", lang, n=waiting)


@functools.lru_cache(maxsize=4096)
def format_kg(kg: float, lang: str) -> str:
    """'0 kg', '2,4 kg', '1.234 kg': one decimal below ten."""
    pattern = "#,##0.0" if 0 < kg < 10 else "#,##0"
    return f"{format_decimal(kg, format=pattern, locale=LOCALES[lang])} kg"


def format_whole_km(km: float, lang: str) -> str:
    return f"{format_decimal(round(km), format='#,##0', locale=LOCALES[lang])} km"


def format_km(metres: float, lang: str) -> str:
    return f"{format_decimal(metres / 1000, format='#,##0.0', locale=LOCALES[lang])} km"


@functools.lru_cache(maxsize=1024)
def format_duration(minutes: int, lang: str) -> str:
    hours, rest = divmod(int(minutes), 60)
    h = "t" if lang == "da" else "h"
    if not hours:
        return f"{rest} min"
    return f"{hours} {h}" if not rest else f"{hours} {h} {rest} min"


def format_date(day: dt.date | dt.datetime, lang: str) -> str:
    """'20. april 2022' in Danish, '20 April 2022' in English."""
    if isinstance(day, dt.datetime):
        day = day.date()
    return _babel_date(day, format="long", locale=LOCALES[lang])


def format_time(when: dt.datetime, tz: ZoneInfo | None = None) -> str:
    """24-hour clock in the event's time zone: '14:00'."""
    local = when.astimezone(tz) if tz else when
    return local.strftime("%H:%M")


def format_departure(when: dt.datetime, lang: str, tz: ZoneInfo | None = None) -> str:
    local = when.astimezone(tz) if tz else when
    sep = " kl. " if lang == "da" else ", "
    return f"{format_date(local, lang)}{sep}{format_time(local)}"


def ready_text(item_key: str, values: dict, lang: str) -> str:
    """A ready-check finding in words (excursions.readiness): dates as people write them."""
    shown = {k: format_date(v, lang) if isinstance(v, dt.date) else v for k, v in values.items()}
    return t(item_key, lang, **shown)


def outcome_message(outcome: Outcome, title: str, position: int | None, lang: str) -> tuple[str, str]:
    """(level, text) telling a participant plainly what happened; level: success|warning|info|error."""
    table = {
        Outcome.CONFIRMED: ("success", "result_confirmed"),
        Outcome.WAITLISTED: ("warning", "result_waitlisted"),
        Outcome.ALREADY_ON_ROUTE: ("info", "result_already"),
        Outcome.WINDOW_CLOSED: ("error", "result_window_closed"),
        Outcome.UNKNOWN_ROUTE: ("error", "result_unknown_route"),
        Outcome.CANCELLED: ("success", "result_cancelled"),
        Outcome.NOT_SIGNED_UP: ("info", "status_none"),
        Outcome.CAPACITY_CHANGED: ("success", "capacity_saved"),
        Outcome.EMAIL_TAKEN: ("info", "result_email_taken"),
        Outcome.NO_ROUTE_CHOSEN: ("error", "result_no_route_chosen"),
        Outcome.TOO_FAST: ("warning", "result_too_fast"),
        Outcome.SWITCHED_TOO_OFTEN: ("warning", "result_switched_too_often"),
    }
    level, key = table.get(outcome, ("info", "status_none"))
    return level, t(key, lang, title=title, n=position or 0)
