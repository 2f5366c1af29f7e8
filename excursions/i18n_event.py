"""The message catalogue's part for the event form (the organiser's "Begivenhed" tab):
one label per field of the event file (ev_<table>_<key>), and each problem a field can have
(event_problem_<code>). Merged into excursions.i18n.STRINGS."""

from __future__ import annotations

EVENT_STRINGS: dict[str, dict[str, str | dict[str, str]]] = {
    "tab_event": {"da": "Begivenhed", "en": "Event"},
    "bd_heading": {"da": "Begivenheden som fil", "en": "The event as a file"},
    "bd_download": {
        "da": "Hent begivenheden og udflugterne som fil (zip, uden persondata)",
        "en": "Download the event and its excursions as a file (zip, no personal data)",
    },
    "bd_upload": {
        "da": "Start ud fra en begivenhed i en fil (zip fra en anden installation)",
        "en": "Start from an event in a file (a zip from another installation)",
    },
    "bd_found": {
        "da": {
            "one": "Filen indeholder {name} med {n} udflugt.",
            "other": "Filen indeholder {name} med {n} udflugter.",
        },
        "en": {
            "one": "The file holds {name} with {n} excursion.",
            "other": "The file holds {name} with {n} excursions.",
        },
    },
    "bd_import": {"da": "Brug begivenheden fra filen", "en": "Use the event from the file"},
    "bd_done": {
        "da": {
            "one": "{name} er nu begivenheden, med {n} udflugt.",
            "other": "{name} er nu begivenheden, med {n} udflugter.",
        },
        "en": {
            "one": "{name} is now the event, with {n} excursion.",
            "other": "{name} is now the event, with {n} excursions.",
        },
    },
    "bd_err_not_zip": {
        "da": "{source} er ikke en zip-fil. Hent en med «Hent begivenheden» eller `excursions export-event`.",
        "en": "{source} is not a zip file. Make one with 'Download the event' or `excursions export-event`.",
    },
    "bd_err_too_many": {
        "da": {
            "one": "{source} har {n} fil; en begivenhed har højst {most}. Intet er indlæst.",
            "other": "{source} har {n} filer; en begivenhed har højst {most}. Intet er indlæst.",
        },
        "en": {
            "one": "{source} has {n} file; an event has at most {most}. Nothing was imported.",
            "other": "{source} has {n} files; an event has at most {most}. Nothing was imported.",
        },
    },
    "bd_err_bad_name": {
        "da": "{source}: «{name}» hører ikke hjemme i filen (kun event.toml og routes/<id>.geojson). "
        "Intet er indlæst.",
        "en": "{source}: '{name}' does not belong in the file (event.toml and routes/<id>.geojson "
        "only). Nothing was imported.",
    },
    "bd_err_too_big": {
        "da": "{source}: {name} er for stor udpakket. Intet er indlæst.",
        "en": "{source}: {name} is too big unpacked. Nothing was imported.",
    },
    "bd_err_no_event": {
        "da": "{source} har ingen event.toml. Intet er indlæst.",
        "en": "{source} has no event.toml. Nothing was imported.",
    },
    "bd_err_invalid": {
        "da": "Filen kan ikke bruges: {detail}",
        "en": "The file cannot be used: {detail}",
    },
    "bd_err_twice": {
        "da": "{source}: udflugten {id} står i to rutefiler. Intet er indlæst.",
        "en": "{source}: the excursion {id} is in two route files. Nothing was imported.",
    },
    "bd_err_has_signups": {
        "da": {
            "one": "{n} er tilmeldt denne begivenhed; en begivenhed fra en fil kan kun erstatte en uden "
            "tilmeldinger.",
            "other": "{n} er tilmeldt denne begivenhed; en begivenhed fra en fil kan kun erstatte en uden "
            "tilmeldinger.",
        },
        "en": {
            "one": "{n} person is signed up for this event; an event from a file can only replace one "
            "without sign-ups.",
            "other": "{n} people are signed up for this event; an event from a file can only replace one "
            "without sign-ups.",
        },
    },
    "tab_archive": {"da": "Arkiv", "en": "Archive"},
    "arc_none": {
        "da": "Ingen tidligere begivenheder endnu. Når I laver den næste ud fra denne (fanen Begivenhed), "
        "gemmes denne begivenheds tal her.",
        "en": "No earlier events yet. When you make the next one from this one (the Event tab), this "
        "event's numbers are kept here.",
    },
    "arc_pick": {"da": "Begivenhed", "en": "Event"},
    "arc_days": {"da": "{first} – {last}", "en": "{first} – {last}"},
    "arc_signed_up": {"da": "Tilmeldte", "en": "Signed up"},
    "arc_present": {"da": "Mødt op", "en": "Came"},
    "arc_excursions": {"da": "Udflugter", "en": "Excursions"},
    "nx_heading": {"da": "Ny begivenhed ud fra denne", "en": "A new event from this one"},
    "nx_intro": {
        "da": "Næste års begivenhed: nyt navn, nye dage og nyt sted. Tilmeldingsvinduet og sletningsdatoen "
        "flyttes med dagene; de valgte udflugter kommer med, med afgang på den nye dag på samme klokkeslæt. "
        "Tilmeldinger, personer, mails og log bliver i denne begivenhed, som gemmes i fanen Arkiv.",
        "en": "Next year's event: a new name, new days and a new venue. The sign-up window and the deletion "
        "date move with the days; the chosen excursions come along, departing on the new day at the same "
        "time. Sign-ups, people, mail and logs stay with this event, which is kept on the Archive tab.",
    },
    "nx_end_help": {
        "da": {"one": "Tomt: {n} dag, som denne.", "other": "Tomt: {n} dage, som denne."},
        "en": {"one": "Empty: {n} day, as this one.", "other": "Empty: {n} days, as this one."},
    },
    "nx_name_da": {"da": "Den nye begivenheds navn (dansk)", "en": "The new event's name (Danish)"},
    "nx_name_en": {"da": "Den nye begivenheds navn (engelsk)", "en": "The new event's name (English)"},
    "nx_start": {"da": "Den nye begivenheds første dag", "en": "The new event's first day"},
    "nx_end": {"da": "Den nye begivenheds sidste dag", "en": "The new event's last day"},
    "nx_venue": {"da": "Det nye steds navn", "en": "The new venue's name"},
    "nx_address": {"da": "Det nye steds adresse", "en": "The new venue's address"},
    "nx_lat": {"da": "Det nye steds breddegrad", "en": "The new venue's latitude"},
    "nx_lon": {"da": "Det nye steds længdegrad", "en": "The new venue's longitude"},
    "nx_radius": {"da": "Det nye områdes radius (km)", "en": "The new area's radius (km)"},
    "nx_keep": {"da": "Udflugter, der kommer med", "en": "Excursions to keep"},
    "nx_keep_none": {"da": "Ingen (tilføj nye bagefter)", "en": "None (add new ones afterwards)"},
    "nx_button": {"da": "Opret den nye begivenhed", "en": "Make the new event"},
    "nx_confirm": {
        "da": {
            "one": "Opret {new} med {n} udflugt? Deltagersiderne og QR-koden skifter til {new} med det "
            "samme; {old} gemmes i arkivet.",
            "other": "Opret {new} med {n} udflugter? Deltagersiderne og QR-koden skifter til {new} med det "
            "samme; {old} gemmes i arkivet.",
        },
        "en": {
            "one": "Make {new} with {n} excursion? The participant pages and the QR code switch to {new} at "
            "once; {old} is kept in the archive.",
            "other": "Make {new} with {n} excursions? The participant pages and the QR code switch to {new} "
            "at once; {old} is kept in the archive.",
        },
    },
    "nx_yes": {"da": "Ja, opret den", "en": "Yes, make it"},
    "nx_made": {
        "da": "{new} er nu den aktuelle begivenhed. {old} ligger i fanen Arkiv.",
        "en": "{new} is now the current event. {old} is on the Archive tab.",
    },
    "first_title": {"da": "Jeres første begivenhed", "en": "Your first event"},
    "first_steps": {
        "da": "Der er ingen begivenhed endnu. Sådan kommer I i gang:\n\n"
        "1. Udfyld navn, datoer og sted herunder (klik på kortet for at sætte stedet), og gem.\n"
        "2. Tilføj udflugterne på fanen **Udflugter** (GPX- eller GeoJSON-filer).\n"
        "3. Del deltagersiden eller QR-koden.\n\n"
        "Har I en begivenhed som fil fra en anden installation (fx sidste år)? Start ud fra den under "
        "**Begivenheden som fil** nederst.",
        "en": "There is no event yet. To get going:\n\n"
        "1. Fill in the name, dates and venue below (click the map to set the venue), and save.\n"
        "2. Add the excursions on the **Excursions** tab (GPX or GeoJSON files).\n"
        "3. Share the participant page or the QR code.\n\n"
        "Have an event as a file from another installation (last year's, say)? Start from it under "
        "**The event as a file** at the bottom.",
    },
    "first_demo": {
        "da": "Vil I bare prøve appen? `uv run excursions demo` installerer demoen TM '22 med 24 udflugter.",
        "en": "Just want to try the app? `uv run excursions demo` installs the TM '22 demo with 24 "
        "excursions.",
    },
    "first_no_event": {
        "da": "Der er ingen begivenhed endnu. Arrangøren opretter den på arrangørsiden.",
        "en": "There is no event yet. The organiser makes it on the organiser page.",
    },
    "no_routes_yet": {
        "da": "Der er ingen udflugter endnu. Kig forbi igen snart.",
        "en": "There are no excursions yet. Come back soon.",
    },
    "first_to_organiser": {"da": "Til arrangørsiden", "en": "To the organiser page"},
    "first_next": {
        "da": "Næste skridt: tilføj den første udflugt på fanen Udflugter. Derefter kan deltagerne "
        "tilmelde sig på {url}",
        "en": "Next step: add the first excursion on the Excursions tab. Then participants can sign up "
        "at {url}",
    },
    "ev_intro": {
        "da": "Alt om begivenheden, som også står i begivenhedsfilen. Det gemte gælder over filen, "
        "på alle serverprocesser inden for få sekunder.",
        "en": "Everything about the event that the event file holds. What you save here wins over the "
        "file, on every server process within seconds.",
    },
    "ev_from_file": {
        "da": "Nu gælder begivenhedsfilen ({file}).",
        "en": "The event file is in use now ({file}).",
    },
    "ev_from_saved": {
        "da": "Nu gælder versionen gemt her {when}; begivenhedsfilen bruges ikke.",
        "en": "The version saved here on {when} is in use; the event file is not.",
    },
    "ev_section_event": {"da": "Navn og datoer", "en": "Name and dates"},
    "ev_section_venue": {"da": "Sted", "en": "Venue"},
    "ev_section_signup": {"da": "Tilmelding", "en": "Sign-up"},
    "ev_section_mail": {"da": "Mail", "en": "Mail"},
    "ev_section_more": {
        "da": "Kort, klima, sletning af persondata og temaer",
        "en": "Map, climate, deleting personal data and themes",
    },
    "ev_event_name_da": {"da": "Navn (dansk)", "en": "Name (Danish)"},
    "ev_event_name_en": {"da": "Navn (engelsk)", "en": "Name (English)"},
    "ev_event_tagline_da": {"da": "Undertitel (dansk)", "en": "Tagline (Danish)"},
    "ev_event_tagline_en": {"da": "Undertitel (engelsk)", "en": "Tagline (English)"},
    "ev_event_start_date": {"da": "Første dag", "en": "First day"},
    "ev_event_end_date": {"da": "Sidste dag", "en": "Last day"},
    "ev_event_timezone": {"da": "Tidszone", "en": "Time zone"},
    "ev_event_default_language": {"da": "Sidernes sprog", "en": "Language of the pages"},
    "ev_event_public_url": {
        "da": "Appens offentlige adresse (QR-koden peger her)",
        "en": "The app's public address (the QR code points here)",
    },
    "ev_venue_name": {"da": "Stedets navn", "en": "Venue name"},
    "ev_venue_address": {"da": "Adresse", "en": "Address"},
    "ev_venue_lat": {"da": "Breddegrad", "en": "Latitude"},
    "ev_venue_lon": {"da": "Længdegrad", "en": "Longitude"},
    "ev_venue_area_radius_km": {
        "da": "Områdets radius (km): udflugterne skal ligge inden for den",
        "en": "Area radius (km): the excursions must lie within it",
    },
    "ev_venue_map": {
        "da": "Klik på kortet for at flytte stedet. Cirklen er området; linjerne er udflugterne.",
        "en": "Click the map to move the venue. The circle is the area; the lines are the excursions.",
    },
    "ev_venue_map_alt": {
        "da": "Kort over stedet ({lat}, {lon}) med området på {km} km og udflugterne.",
        "en": "Map of the venue ({lat}, {lon}) with the {km} km area and the excursions.",
    },
    "ev_signup_opens_date": {"da": "Tilmelding åbner (dato)", "en": "Sign-up opens (date)"},
    "ev_signup_opens_time": {"da": "kl.", "en": "at"},
    "ev_signup_closes_date": {"da": "Tilmelding lukker (dato)", "en": "Sign-up closes (date)"},
    "ev_signup_closes_time": {"da": "kl.", "en": "at"},
    "ev_signup_demo_keep_open": {
        "da": "Demo: hold tilmeldingen åben efter fristen",
        "en": "Demo: keep sign-up open after the deadline",
    },
    "ev_signup_mode": {"da": "Sådan fordeles pladserne", "en": "How seats are given"},
    "ev_mode_first_come": {"da": "Først til mølle", "en": "First come, first served"},
    "ev_mode_wishes": {"da": "Ønskerunde med lodtrækning", "en": "Wish round with a draw"},
    "ev_signup_wishes_close_date": {"da": "Ønskerunden lukker (dato)", "en": "The wish round closes (date)"},
    "ev_signup_wishes_close_time": {"da": "kl.", "en": "at"},
    "ev_signup_wishes": {"da": "Ønsker pr. person", "en": "Wishes per person"},
    "ev_signup_draw": {"da": "Lodtrækning", "en": "Draw"},
    "ev_draw_serial": {"da": "Tilfældig rækkefølge", "en": "Random order"},
    "ev_draw_most_first": {"da": "Flest første-ønsker", "en": "Most first wishes"},
    "ev_draw_manual": {"da": "Arrangøren trækker selv", "en": "The organiser draws"},
    "ev_map_tiles": {
        "da": "Kortbaggrund (adresse med {z}/{x}/{y}, eller none)",
        "en": "Map background (address with {z}/{x}/{y}, or none)",
    },
    "ev_map_attribution": {"da": "Kortbaggrundens kildeangivelse", "en": "Map background attribution"},
    "ev_mail_sender_name": {"da": "Afsenderens navn (dansk)", "en": "Sender name (Danish)"},
    "ev_mail_sender_name_en": {"da": "Afsenderens navn (engelsk)", "en": "Sender name (English)"},
    "ev_mail_sender_address": {"da": "Afsenderadresse", "en": "Sender address"},
    "ev_mail_contact_address": {"da": "Kontaktadresse", "en": "Contact address"},
    "ev_climate_car_kg_per_km": {"da": "Bil: kg CO₂e pr. km", "en": "Car: kg CO₂e per km"},
    "ev_climate_car_occupancy": {"da": "Personer pr. bil", "en": "People per car"},
    "ev_climate_bus_kg_per_km": {"da": "Bus: kg CO₂e pr. km", "en": "Bus: kg CO₂e per km"},
    "ev_privacy_delete_personal_data_after": {
        "da": "Persondata slettes efter",
        "en": "Personal data deleted after",
    },
    "ev_themes": {"da": "Temaer (id som i rutefilerne)", "en": "Themes (id as in the route files)"},
    "ev_theme_id": {"da": "Id", "en": "Id"},
    "ev_theme_da": {"da": "Dansk", "en": "Danish"},
    "ev_theme_en": {"da": "Engelsk", "en": "English"},
    "ev_qr_heading": {"da": "QR-kodens adresse", "en": "The QR code's address"},
    "ev_qr_alt": {"da": "QR-kode til {url}", "en": "QR code for {url}"},
    "ev_save": {"da": "Gem begivenheden", "en": "Save the event"},
    "ev_saved": {
        "da": "Begivenheden er gemt: {name}. Alle sider viser den inden for få sekunder.",
        "en": "The event is saved: {name}. Every page shows it within seconds.",
    },
    "ev_not_saved": {
        "da": {
            "one": "Intet er gemt: {n} felt skal rettes (se ved feltet).",
            "other": "Intet er gemt: {n} felter skal rettes (se ved felterne).",
        },
        "en": {
            "one": "Nothing was saved: {n} field needs fixing (see at the field).",
            "other": "Nothing was saved: {n} fields need fixing (see at the fields).",
        },
    },
    "event_problem_required": {"da": "Skal udfyldes.", "en": "Required."},
    "event_problem_range": {
        "da": "Skal være fra {low:g} til {high:g}.",
        "en": "Must be from {low:g} to {high:g}.",
    },
    "event_problem_end_before_start": {
        "da": "Sidste dag ligger før første dag.",
        "en": "The last day is before the first day.",
    },
    "event_problem_closes_before_opens": {
        "da": "Tilmeldingen lukker, før den åbner. Vælg et tidspunkt efter åbningen.",
        "en": "Sign-up closes before it opens. Choose a time after the opening.",
    },
    "event_problem_wishes_close_outside": {
        "da": "Ønskerunden skal lukke efter tilmeldingen åbner og senest, når den lukker.",
        "en": "The wish round must close after sign-up opens and no later than it closes.",
    },
    "event_problem_url": {
        "da": "«{value}» er ikke en webadresse. Skriv den hele, fx https://udflugter.example.dk/.",
        "en": "'{value}' is not a web address. Write all of it, e.g. https://excursions.example.com/.",
    },
    "event_problem_email": {
        "da": "«{value}» er ikke en mailadresse.",
        "en": "'{value}' is not an e-mail address.",
    },
    "event_problem_tiles": {
        "da": "Adressen skal indeholde {{z}}, {{x}} og {{y}} (eller skriv none for intet kort).",
        "en": "The address must hold {{z}}, {{x}} and {{y}} (or write none for no map).",
    },
    "event_problem_routes_outside": {
        "da": {
            "by": "total",
            "one": "{n} af {total} udflugt ligger uden for området: {ids}. Flyt stedet, eller gør "
            "radius mindst {km} km.",
            "other": "{n} af {total} udflugter ligger uden for området: {ids}. Flyt stedet, eller gør "
            "radius mindst {km} km.",
        },
        "en": {
            "by": "total",
            "one": "{n} of {total} excursion lies outside the area: {ids}. Move the venue, or make the "
            "radius at least {km} km.",
            "other": "{n} of {total} excursions lie outside the area: {ids}. Move the venue, or make "
            "the radius at least {km} km.",
        },
    },
    "event_problem_delete_before_end": {
        "da": "Persondata kan først slettes efter begivenhedens sidste dag.",
        "en": "Personal data can only be deleted after the event's last day.",
    },
    "event_problem_timezone": {"da": "Ukendt tidszone: {value}.", "en": "Unknown time zone: {value}."},
    "event_problem_choice": {"da": "Ukendt valg: {value}.", "en": "Unknown choice: {value}."},
    "event_problem_theme": {
        "da": "Hvert tema skal have et id, og intet id må stå to gange ({id}).",
        "en": "Every theme needs an id, and no id may appear twice ({id}).",
    },
    "event_problem_invalid": {
        "da": "Begivenheden kan ikke gemmes ({detail}). Intet er gemt.",
        "en": "The event cannot be saved ({detail}). Nothing was saved.",
    },
}
