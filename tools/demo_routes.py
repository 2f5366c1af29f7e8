"""Write the shipped demo route files for TM '22 (data/routes/*.geojson).

Geometry is drawn by hand from street knowledge, as anchor points at corners and
bends (lat, lon), densified to a vertex every <= 200 m. Organisers replace it with
GPX from their own route planner (`excursions import-gpx`). Run from the repo root:

    uv run python tools/demo_routes.py
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
from pathlib import Path

from excursions.routes import Mode, RouteDraft, Source, Stop, route_document

OUT = Path(__file__).resolve().parent.parent / "data" / "routes"
TZ = dt.timezone(dt.timedelta(hours=2))

# Places (lat, lon)
OCC = (55.37905, 10.42790)
FLAKHAVEN = (55.39585, 10.38850)
BANEGARD = (55.40165, 10.38690)
KONGENS_HAVE = (55.39960, 10.38480)
HCA_HUS = (55.39850, 10.39240)
ALBANI = (55.39430, 10.39330)
EVENTYRHAVEN = (55.39400, 10.38760)
MUNKE_MOSE = (55.39220, 10.38420)
ZOO = (55.38450, 10.37450)
FRUENS_BOGE = (55.37780, 10.37080)
SDU = (55.36880, 10.42770)
CORTEX = (55.37250, 10.43350)
NYT_OUH = (55.36300, 10.43300)
HJALLESE = (55.35930, 10.40400)
EJBY_MOLLE = (55.40400, 10.42400)
INDERHAVN = (55.40800, 10.38850)
BYENS_BRO = (55.40920, 10.39100)
FYNSVAERKET = (55.42380, 10.40750)
STIGE_O = (55.43750, 10.41600)
VOLLSMOSE = (55.40850, 10.44250)
TARUP = (55.41250, 10.33300)
DALUM = (55.36450, 10.35400)
BOLBRO = (55.39950, 10.35800)
KORUP = (55.41700, 10.30300)
FANGEL = (55.33000, 10.29900)
HOLLUF_PILE = (55.35250, 10.45200)
NAESBY = (55.43000, 10.36400)

# Shared stretches (lat, lon)
OCC_TO_ALBANI = [
    OCC,
    (55.38040, 10.42400),
    (55.38280, 10.41750),
    (55.38520, 10.41150),
    (55.38780, 10.40550),
    (55.39020, 10.40020),
    (55.39250, 10.39650),
    ALBANI,
]
ALBANI_TO_FLAK = [ALBANI, (55.39520, 10.39080), FLAKHAVEN]
OCC_TO_FLAK = OCC_TO_ALBANI + ALBANI_TO_FLAK[1:]
FLAK_TO_OCC = OCC_TO_FLAK[::-1]
FLAK_TO_FRUENS = [
    FLAKHAVEN,
    EVENTYRHAVEN,
    MUNKE_MOSE,
    (55.39030, 10.38130),
    (55.38780, 10.37870),
    (55.38520, 10.37560),
    (55.38200, 10.37320),
    FRUENS_BOGE,
]
FLAK_TO_BANEGARD = [FLAKHAVEN, (55.39720, 10.38870), (55.39900, 10.38800), BANEGARD]
BANEGARD_TO_INDERHAVN = [BANEGARD, (55.40380, 10.38780), (55.40600, 10.38830), INDERHAVN]
OCC_TO_RING2_N = [
    OCC,
    (55.38050, 10.43600),
    (55.38400, 10.44600),
    (55.38900, 10.45350),
    (55.39500, 10.45650),
    (55.40150, 10.45500),
    (55.40650, 10.45000),
]
HAVNEGADE_N = [
    INDERHAVN,
    (55.41150, 10.39200),
    (55.41500, 10.39600),
    (55.41850, 10.40000),
    (55.42150, 10.40350),
    FYNSVAERKET,
]
CENTRE_TO_TARUP = [
    BANEGARD,
    (55.40250, 10.38000),
    (55.40400, 10.37200),
    (55.40650, 10.36300),
    (55.40900, 10.35300),
    (55.41100, 10.34300),
    TARUP,
]
CAMPUS_LOOP = [
    SDU,
    (55.36650, 10.43050),
    NYT_OUH,
    (55.36650, 10.43500),
    CORTEX,
    (55.37600, 10.43100),
    OCC,
]
HJALLESE_TO_SDU = [HJALLESE, (55.36150, 10.41000), (55.36450, 10.41700), (55.36700, 10.42250), SDU]
FRUENS_TO_HJALLESE = [
    FRUENS_BOGE,
    (55.37350, 10.37650),
    (55.36950, 10.38350),
    (55.36550, 10.39200),
    (55.36150, 10.39850),
    HJALLESE,
]


def stop(name, description, where, name_en="", description_en=""):
    return Stop(
        name=name,
        description=description,
        lat=where[0],
        lon=where[1],
        name_en=name_en,
        description_en=description_en,
    )


def densify(points, step_m=180.0):
    out = [points[0]]
    for (la1, lo1), (la2, lo2) in itertools.pairwise(points):
        dy = (la2 - la1) * 111_320
        dx = (lo2 - lo1) * 111_320 * math.cos(math.radians((la1 + la2) / 2))
        n = max(1, math.ceil(math.hypot(dx, dy) / step_m))
        out += [(la1 + (la2 - la1) * i / n, lo1 + (lo2 - lo1) * i / n) for i in range(1, n + 1)]
    return [(lon, lat) for lat, lon in out]


def join(*parts):
    path = []
    for part in parts:
        path += part if not path or part[0] != path[-1] else part[1:]
    return path


WALK_MEET = "Flakhaven, foran Odense Rådhus"
VENUE_MEET = "Odense Congress Center, hovedindgangen"
BIKE_MEET = "Odense Congress Center, cykelparkeringen ved hovedindgangen"
BUS_MEET = "Odense Congress Center, busholdepladsen"

EXCURSIONS = [
    # --- the three the KL article describes -------------------------------------------
    dict(
        id="campus-odense-paa-cykel",
        mode=Mode.BIKE,
        source=Source.SEED,
        capacity=30,
        at="13:30",
        title_da="På cykel til Campus Odense",
        title_en="By bike to Campus Odense",
        description_da="Hør om Odense Kommunes visioner for at fremme vilkårene for byens cyklister, "
        "mens vi cykler ud til Campus Odense, hvor en helt ny bydel vokser frem omkring Syddansk "
        "Universitet og det nye supersygehus.",
        description_en="Hear Odense Municipality's vision for better conditions for cyclists as we "
        "ride out to Campus Odense, where a new district is growing up around the University of "
        "Southern Denmark and the new university hospital.",
        themes="cykling, byudvikling, mobilitet",
        host="Odense Kommune, By- og Kulturforvaltningen",
        accessibility="Cykler og hjelme udleveres. Ca. 13 km i roligt tempo på cykelsti.",
        bikes_provided=True,
        meet=BIKE_MEET,
        path=join(OCC_TO_FLAK, FLAK_TO_FRUENS, FRUENS_TO_HJALLESE, HJALLESE_TO_SDU, CAMPUS_LOOP),
        stops=[
            stop(
                "Flakhaven",
                "Cykelbyen Odense: stier, broer og prioritering af cyklister i midtbyen.",
                FLAKHAVEN,
                "Flakhaven",
                "Cycle city Odense: paths, bridges and priority for cyclists.",
            ),
            stop(
                "Filosofgangen",
                "Grøn cykelrute langs Odense Å.",
                (55.38780, 10.37870),
                "Filosofgangen",
                "A green cycle route along the river Odense Å.",
            ),
            stop(
                "Syddansk Universitet",
                "Campus Odense: en ny bydel vokser frem.",
                SDU,
                "University of Southern Denmark",
                "Campus Odense: a new district grows up.",
            ),
            stop(
                "Nyt OUH",
                "Det nye supersygehus og trafikken til det.",
                NYT_OUH,
                "New OUH",
                "The new university hospital and how people get there.",
            ),
        ],
    ),
    dict(
        id="ejby-moelle-renseanlaeg",
        mode=Mode.BUS,
        source=Source.SEED,
        capacity=45,
        at="13:45",
        duration_min=150,
        title_da="Ejby Mølle Renseanlæg: bioenergi fra spildevand",
        title_en="Ejby Mølle wastewater plant: bioenergy from wastewater",
        description_da="Besøg renseanlægget Ejby Mølle (VandCenter Syd), der er en af de bedste i verden "
        "til at få bioenergi ud af spildevand. Bussen kører videre en tur forbi Vollsmose og tilbage.",
        description_en="Visit VandCenter Syd's Ejby Mølle wastewater plant, one of the best in the world "
        "at getting bioenergy out of wastewater. The bus returns by way of Vollsmose.",
        themes="vand, energi, forsyning",
        host="VandCenter Syd",
        accessibility="Bus med lift efter aftale. Rundvisning på anlægget ca. 1 time, fast underlag.",
        meet=BUS_MEET,
        path=join(
            [
                OCC,
                (55.38040, 10.42400),
                (55.38280, 10.41750),
                (55.38650, 10.41250),
                (55.39150, 10.41000),
                (55.39650, 10.41050),
                (55.40000, 10.41500),
                (55.40200, 10.41950),
                EJBY_MOLLE,
                (55.40650, 10.43000),
                (55.40850, 10.43600),
                VOLLSMOSE,
                (55.41300, 10.44800),
                (55.41000, 10.45300),
                (55.40650, 10.45000),
            ],
            OCC_TO_RING2_N[::-1][1:],
        ),
        stops=[
            stop(
                "Ejby Mølle Renseanlæg",
                "Rundvisning: biogas, varme og renset vand.",
                EJBY_MOLLE,
                "Ejby Mølle wastewater plant",
                "Tour: biogas, heat and clean water.",
            )
        ],
    ),
    dict(
        id="gaatur-40-procent-elbiler",
        mode=Mode.WALK,
        source=Source.SEED,
        capacity=35,
        at="14:00",
        title_da="Gåtur: 40 % elbiler i Odense i 2030",
        title_en="City walk: 40 % electric cars in Odense by 2030",
        description_da="Kom med på en gåtur i Odense og hør om Odense Byråds mål om 40 % elbiler i Odense "
        "i 2030: ladestandere, parkering og byens egne biler.",
        description_en="Join a walk in Odense on the city council's goal of 40 % electric cars in Odense by "
        "2030: charging points, parking and the municipality's own fleet.",
        themes="elbiler, mobilitet, klimaplan",
        host="Odense Kommune, Klima og Miljø",
        accessibility="Ca. 3 km på fortov og brosten. Egnet for kørestol med hjælper.",
        meet=WALK_MEET,
        path=join(
            [
                FLAKHAVEN,
                (55.39560, 10.38500),
                (55.39530, 10.38150),
                (55.39700, 10.38120),
                (55.39880, 10.38200),
                KONGENS_HAVE,
                BANEGARD,
                (55.40120, 10.39000),
                (55.40060, 10.39380),
                (55.39850, 10.39440),
                (55.39650, 10.39450),
                (55.39500, 10.39350),
            ],
            ALBANI_TO_FLAK[1:],
        ),
        stops=[
            stop(
                "Kongensgade",
                "Ladestandere i gadebilledet.",
                (55.39700, 10.38120),
                "Kongensgade",
                "Charging points in the street.",
            ),
            stop(
                "Odense Banegård Center",
                "Ladehub i p-huset.",
                BANEGARD,
                "Odense station",
                "A charging hub in the car park.",
            ),
            stop(
                "Thomas B. Thriges Gade",
                "Fra firesporet vej til by med færre biler.",
                (55.39850, 10.39440),
                "Thomas B. Thriges Gade",
                "From a four-lane road to a district with fewer cars.",
            ),
        ],
    ),
]


# The 21 other excursions are not public in our material: illustrative stand-ins on real
# Odense climate themes, marked source = illustrative so the app says so.
def ill(id, mode, at, capacity, title_da, title_en, desc_da, desc_en, themes, meet, path, stops, **kw):
    return dict(
        id=id,
        mode=mode,
        source=Source.ILLUSTRATIVE,
        capacity=capacity,
        at=at,
        title_da=title_da,
        title_en=title_en,
        description_da=desc_da,
        description_en=desc_en,
        themes=themes,
        host=kw.pop("host", "Odense Kommune"),
        meet=meet,
        path=path,
        stops=[stop(*s) for s in stops],
        **kw,
    )


EXCURSIONS += [
    ill(
        "fremtidens-odense",
        Mode.WALK,
        "14:00",
        35,
        "Fremtidens Odense: fra motorvej til bykvarter",
        "Future Odense: from urban motorway to city quarter",
        "Thomas B. Thriges Gade var en firesporet vej gennem midtbyen. Se det nye bykvarter med gader for "
        "gående og cyklister og H.C. Andersens Hus.",
        "Thomas B. Thriges Gade was a four-lane road through the centre. See the new quarter built for "
        "walking and cycling, and the H.C. Andersen House.",
        "byudvikling, mobilitet",
        WALK_MEET,
        join(
            [
                FLAKHAVEN,
                (55.39620, 10.39150),
                (55.39680, 10.39500),
                (55.39720, 10.39850),
                (55.39850, 10.39800),
                HCA_HUS,
                (55.39950, 10.39420),
                (55.40060, 10.39380),
                (55.40080, 10.39750),
                (55.39920, 10.39950),
                (55.39700, 10.39900),
                (55.39500, 10.39600),
            ],
            ALBANI_TO_FLAK,
        ),
        [
            (
                "H.C. Andersens Hus",
                "Museum og have i det nye kvarter.",
                HCA_HUS,
                "H.C. Andersen House",
                "Museum and garden in the new quarter.",
            ),
            ("Thomas B. Thriges Gade", "Byrum hvor der før var fire spor.", (55.40060, 10.39380)),
        ],
    ),
    ill(
        "klimatilpasning-odense-aa",
        Mode.WALK,
        "14:00",
        35,
        "Klimatilpasning langs Odense Å",
        "Climate adaptation along the river Odense Å",
        "Skybrud og høj vandstand: se hvordan Munke Mose og åens brinker tager vandet, og hvordan "
        "naturen får plads samtidig.",
        "Cloudbursts and high water: see how Munke Mose and the riverbanks take the water while making "
        "room for nature.",
        "klimatilpasning, vand, natur",
        WALK_MEET,
        join(
            FLAK_TO_FRUENS,
            [
                (55.38050, 10.37700),
                (55.38400, 10.38000),
                (55.38750, 10.38300),
                (55.39050, 10.38550),
                MUNKE_MOSE,
                EVENTYRHAVEN,
                FLAKHAVEN,
            ],
        ),
        [
            (
                "Munke Mose",
                "Et grønt regnvandsbassin midt i byen.",
                MUNKE_MOSE,
                "Munke Mose",
                "A green rainwater basin in the middle of town.",
            ),
            ("Fruens Bøge", "Åen får lov at gå over sine bredder.", FRUENS_BOGE),
        ],
    ),
    ill(
        "havnen-byens-bro",
        Mode.WALK,
        "14:15",
        35,
        "Havnen og Byens Bro",
        "The harbour and the city bridge",
        "Fra industrihavn til bydel: Byens Bro for gående og cyklister, havnebadet og nye boliger "
        "med klimasikring.",
        "From industrial port to neighbourhood: the bridge for walking and cycling, the harbour bath and "
        "new flood-proofed housing.",
        "byudvikling, klimatilpasning, mobilitet",
        WALK_MEET,
        join(
            FLAK_TO_BANEGARD,
            BANEGARD_TO_INDERHAVN,
            [
                BYENS_BRO,
                (55.40960, 10.39350),
                (55.41150, 10.39300),
                (55.41350, 10.39200),
                (55.41050, 10.39500),
                (55.40650, 10.39450),
                (55.40250, 10.39400),
                (55.39950, 10.39430),
                (55.39650, 10.39450),
            ],
            ALBANI_TO_FLAK,
        ),
        [
            (
                "Byens Bro",
                "Bro for gående og cyklister over havnen.",
                BYENS_BRO,
                "City bridge",
                "A bridge for people on foot and bike across the harbour.",
            ),
            ("Havnebadet", "Rent vand i inderhavnen.", (55.41350, 10.39200)),
        ],
    ),
    ill(
        "letbanens-linje",
        Mode.BIKE,
        "13:30",
        25,
        "Langs letbanens linje",
        "Along the light rail line",
        "Letbanen er under anlæg og åbner i 2022. Cykl langs sporet fra Campus til Banegården og hør "
        "om byudvikling ved stationerne.",
        "The light rail is under construction and opens in 2022. Ride along the track from Campus to the "
        "station and hear about development around the stops.",
        "letbane, mobilitet, byudvikling",
        BIKE_MEET,
        join(
            [
                OCC,
                (55.37600, 10.43100),
                CORTEX,
                (55.36650, 10.43500),
                NYT_OUH,
                (55.36650, 10.43050),
                SDU,
                (55.37200, 10.42000),
                (55.37650, 10.41300),
                (55.38150, 10.40800),
                (55.38650, 10.40350),
                (55.39100, 10.39950),
            ],
            [ALBANI],
            [
                (55.39700, 10.39430),
                (55.40060, 10.39380),
                BANEGARD,
                (55.40120, 10.39900),
                (55.40000, 10.40500),
                (55.39700, 10.41100),
            ],
            [
                (55.39150, 10.41000),
                (55.38650, 10.41250),
                (55.38280, 10.41750),
                (55.38040, 10.42400),
                OCC,
            ],
        ),
        [
            ("Syddansk Universitet station", "Letbanens station på campus.", SDU),
            ("Albani Torv", "Sporet gennem midtbyen.", ALBANI),
            ("Odense Banegård", "Skiftet mellem tog, bus og letbane.", BANEGARD),
        ],
    ),
    ill(
        "fjernvarme-fynsvaerket",
        Mode.BUS,
        "13:45",
        45,
        "Fjernvarme Fyn: fra kul til grøn varme",
        "Fjernvarme Fyn: from coal to green heat",
        "Fynsværket skal være kulfrit. Se biomasse, overskudsvarme og store varmepumper, der skal "
        "varme Odense op.",
        "The Fynsværket power station is phasing out coal. See biomass, surplus heat and large heat pumps "
        "that will heat Odense.",
        "energi, fjernvarme, forsyning",
        BUS_MEET,
        join(
            OCC_TO_FLAK,
            FLAK_TO_BANEGARD,
            BANEGARD_TO_INDERHAVN,
            HAVNEGADE_N,
            [(55.42200, 10.41500), (55.41600, 10.42500), (55.41000, 10.43800)],
            OCC_TO_RING2_N[::-1][1:],
        ),
        [
            (
                "Fynsværket",
                "Rundvisning ved kraftvarmeværket.",
                FYNSVAERKET,
                "Fynsværket",
                "Tour of the combined heat and power plant.",
            )
        ],
        host="Fjernvarme Fyn",
    ),
    ill(
        "stige-oe-fra-losseplads-til-natur",
        Mode.BUS,
        "13:45",
        45,
        "Stige Ø: fra losseplads til natur",
        "Stige Ø: from landfill to nature park",
        "Den gamle losseplads ved Odense Fjord er blevet et rekreativt område. Hør om gasopsamling, "
        "jord og natur, og se fjorden.",
        "The old landfill by Odense Fjord is now a recreation area. Hear about landfill gas, soil and "
        "nature, and see the fjord.",
        "affald, natur",
        BUS_MEET,
        join(
            OCC_TO_RING2_N,
            [
                (55.41400, 10.44300),
                (55.42200, 10.43600),
                (55.43000, 10.42500),
                STIGE_O,
                (55.44150, 10.42100),
                (55.43750, 10.41600),
            ],
            [(55.43100, 10.41300)],
            HAVNEGADE_N[::-1][1:-1],
            [INDERHAVN],
            BANEGARD_TO_INDERHAVN[::-1][1:],
            FLAK_TO_BANEGARD[::-1][1:],
            FLAK_TO_OCC[1:],
        ),
        [
            (
                "Stige Ø",
                "Udsigt over fjorden fra den gamle losseplads.",
                STIGE_O,
                "Stige Ø",
                "View over the fjord from the old landfill.",
            )
        ],
    ),
    ill(
        "cykelbyen-nord",
        Mode.BIKE,
        "13:30",
        25,
        "Cykelbyen Odense mod nord",
        "Cycle city Odense, northbound",
        "Cykelstier, grønne bølger og cykelparkering: en tur ad de nye ruter mod Næsby og tilbage "
        "gennem Bolbro.",
        "Cycle paths, green waves and bike parking: a ride on the new routes towards Næsby and back "
        "through Bolbro.",
        "cykling, mobilitet",
        WALK_MEET,
        join(
            FLAK_TO_BANEGARD,
            [
                (55.40450, 10.38300),
                (55.40900, 10.37900),
                (55.41500, 10.37400),
                (55.42200, 10.36900),
                NAESBY,
                (55.42600, 10.35200),
                (55.41900, 10.34600),
                (55.41300, 10.34700),
                (55.40600, 10.35100),
                BOLBRO,
                (55.39800, 10.36700),
                (55.39700, 10.37600),
                (55.39600, 10.38200),
                FLAKHAVEN,
            ],
        ),
        [
            ("Næsby", "Ny cykelsti langs Næsbyvej.", NAESBY),
            ("Bolbro", "Skoleveje og cykelgader.", BOLBRO),
        ],
    ),
    ill(
        "vollsmose-groen-omdannelse",
        Mode.BIKE,
        "13:30",
        25,
        "Vollsmose: grøn byomdannelse",
        "Vollsmose: green urban renewal",
        "Vollsmose forandres: nye veje ind i området, grønne rum og regnvand, der ledes i bassiner "
        "i stedet for kloak.",
        "Vollsmose is changing: new streets into the area, green spaces and rainwater led to ponds "
        "instead of sewers.",
        "byudvikling, klimatilpasning",
        BIKE_MEET,
        join(
            OCC_TO_RING2_N,
            [
                (55.41000, 10.45300),
                (55.41300, 10.44800),
                (55.41250, 10.43900),
                VOLLSMOSE,
                (55.40650, 10.43000),
                EJBY_MOLLE,
                (55.40200, 10.41950),
                (55.40000, 10.41500),
                (55.39650, 10.41050),
                (55.39150, 10.41000),
                (55.38650, 10.41250),
                (55.38280, 10.41750),
                (55.38040, 10.42400),
                OCC,
            ],
        ),
        [
            ("Vollsmose Torv", "Områdets nye hovedgade.", VOLLSMOSE),
            ("Regnvandsbassinerne", "Vand som rekreativt element.", (55.41250, 10.43900)),
        ],
    ),
    ill(
        "skovrejsning",
        Mode.BUS,
        "13:45",
        45,
        "Nye skove i Odense",
        "New forests in Odense",
        "Odense planter skov for at binde CO2, beskytte grundvandet og give borgerne natur tæt på. "
        "Vi besøger nye skove syd og vest for byen.",
        "Odense is planting forests to store carbon, protect groundwater and bring nature close to "
        "people. We visit new forests south and west of the city.",
        "skov, natur, grundvand",
        BUS_MEET,
        join(
            [
                OCC,
                (55.37400, 10.43900),
                (55.36600, 10.44600),
                HOLLUF_PILE,
                (55.34900, 10.43500),
                (55.35200, 10.42000),
                HJALLESE,
                (55.36100, 10.38500),
                (55.36300, 10.37000),
                DALUM,
                (55.36800, 10.34000),
                (55.37400, 10.32500),
                (55.38300, 10.32000),
                (55.39200, 10.33000),
                (55.39700, 10.34500),
                BOLBRO,
                (55.39800, 10.36700),
                (55.39700, 10.37600),
                (55.39600, 10.38200),
            ],
            FLAK_TO_OCC,
        ),
        [
            ("Holluf Pile", "Ung skov ved byens sydøstlige kant.", HOLLUF_PILE),
            ("Vestskoven", "Skovrejsning på grundvandsområde.", (55.38300, 10.32000)),
        ],
    ),
    ill(
        "solceller-og-energi",
        Mode.BUS,
        "13:45",
        45,
        "Solceller og energi i kommunens bygninger",
        "Solar power and energy in municipal buildings",
        "Tage fulde af solceller, energirenoverede skoler og et solcelleanlæg syd for byen: hvordan "
        "kommunen selv skærer ned.",
        "Roofs full of solar panels, renovated schools and a solar park south of the city: how the "
        "municipality cuts its own emissions.",
        "energi, solceller, bygninger",
        BUS_MEET,
        join(
            [
                OCC,
                (55.37400, 10.43900),
                (55.36600, 10.44600),
                (55.35800, 10.45000),
                (55.34600, 10.44600),
                (55.33600, 10.43900),
                (55.33200, 10.45500),
                (55.33800, 10.47200),
                (55.34900, 10.48000),
                (55.36200, 10.47300),
                (55.37200, 10.46000),
                (55.37700, 10.44800),
                OCC,
            ]
        ),
        [
            ("Solcelleparken", "Kommunens solcelleanlæg.", (55.33200, 10.45500)),
            (
                "Skolen i Holluf Pile",
                "Energirenovering med solceller på taget.",
                (55.35800, 10.45000),
            ),
        ],
    ),
    ill(
        "delebiler-i-midtbyen",
        Mode.WALK,
        "14:15",
        30,
        "Delebiler og mobilitetshubs i midtbyen",
        "Car sharing and mobility hubs in the centre",
        "Færre bilture, flere fællesbiler: se delebilspladser, cykelparkering og de nye mobilitetshubs "
        "ved Banegården.",
        "Fewer car trips, more shared cars: see car-sharing bays, bike parking and the new mobility hubs "
        "at the station.",
        "delebiler, mobilitet",
        WALK_MEET,
        join(
            [
                FLAKHAVEN,
                (55.39560, 10.38500),
                (55.39530, 10.38150),
                (55.39600, 10.37700),
                (55.39780, 10.37500),
                (55.40000, 10.37650),
                (55.40150, 10.38050),
                BANEGARD,
                (55.40000, 10.38700),
                KONGENS_HAVE,
                (55.39800, 10.38700),
                FLAKHAVEN,
            ]
        ),
        [
            ("Vesterbro", "Delebiler i boligkvarteret.", (55.39780, 10.37500)),
            ("Banegården", "Mobilitetshub: tog, bus, cykel og delebil.", BANEGARD),
        ],
    ),
    ill(
        "affald-og-genbrug",
        Mode.BUS,
        "13:45",
        45,
        "Affald og genbrug: fra skrald til ressource",
        "Waste and recycling: from rubbish to resource",
        "Sortering i ti fraktioner, genbrugsstationen og affaldsforbrænding med energiudnyttelse.",
        "Sorting into ten fractions, the recycling centre, and waste incineration with energy recovery.",
        "affald, genbrug, cirkulær økonomi",
        BUS_MEET,
        join(
            OCC_TO_RING2_N,
            [
                (55.41400, 10.44300),
                (55.42000, 10.43300),
                (55.42300, 10.42300),
                (55.42400, 10.41500),
                FYNSVAERKET,
            ],
            HAVNEGADE_N[::-1][1:],
            BANEGARD_TO_INDERHAVN[::-1][1:],
            FLAK_TO_BANEGARD[::-1][1:],
            FLAK_TO_OCC[1:],
        ),
        [
            ("Genbrugsstationen Nord", "Sådan sorteres der.", (55.42300, 10.42300)),
            ("Affaldsforbrændingen", "Energi fra restaffald.", FYNSVAERKET),
        ],
        host="Odense Renovation",
    ),
    ill(
        "odense-aa-stien-syd",
        Mode.BIKE,
        "13:30",
        25,
        "Å-stien mod syd: natur og klimasikring",
        "The river path south: nature and flood protection",
        "Cykl ad stien langs Odense Å fra midtbyen til Dalum og hør om vådområder, der tager toppen "
        "af oversvømmelser.",
        "Ride the path along the Odense Å from the centre to Dalum and hear about wetlands that take "
        "the peak off floods.",
        "klimatilpasning, natur, cykling",
        BIKE_MEET,
        join(
            OCC_TO_FLAK,
            FLAK_TO_FRUENS,
            [
                (55.37400, 10.36300),
                (55.36900, 10.35800),
                DALUM,
                (55.36000, 10.36500),
                (55.35800, 10.38000),
                (55.35850, 10.39300),
                HJALLESE,
            ],
            HJALLESE_TO_SDU,
            CAMPUS_LOOP,
        ),
        [
            ("Dalum", "Vådområde ved åen.", DALUM),
            ("Fruens Bøge", "Stien gennem skoven.", FRUENS_BOGE),
        ],
    ),
    ill(
        "groenne-tage-skibhuskvarteret",
        Mode.WALK,
        "14:15",
        30,
        "Grønne tage og regnvand i Skibhuskvarteret",
        "Green roofs and rainwater in Skibhus",
        "Et ældre kvarter klimasikres gade for gade: grønne tage, regnbede og vejvand, der ledes "
        "væk fra kældrene.",
        "An older neighbourhood made climate-proof street by street: green roofs, rain gardens and "
        "road water led away from basements.",
        "klimatilpasning, vand",
        WALK_MEET,
        join(
            FLAK_TO_BANEGARD,
            [
                (55.40300, 10.39200),
                (55.40450, 10.39600),
                (55.40700, 10.40000),
                (55.40950, 10.40350),
                (55.40800, 10.40700),
                (55.40500, 10.40400),
                (55.40200, 10.40050),
                (55.39950, 10.39650),
                (55.39700, 10.39450),
            ],
            ALBANI_TO_FLAK[1:],
        ),
        [("Skibhusvej", "Regnbede langs gaden.", (55.40700, 10.40000))],
    ),
    ill(
        "klimasikring-bolbro-korup",
        Mode.BUS,
        "13:45",
        45,
        "Klimasikring i Bolbro og Korup",
        "Flood protection in Bolbro and Korup",
        "Separatkloakering og lokal afledning af regnvand i forstæderne: grøfter, bassiner og vejbede.",
        "Separate sewers and local rainwater management in the suburbs: ditches, ponds and kerb-side beds.",
        "klimatilpasning, vand, forsyning",
        BUS_MEET,
        join(
            OCC_TO_FLAK,
            [
                (55.39600, 10.38200),
                (55.39700, 10.37600),
                (55.39800, 10.36700),
                BOLBRO,
                (55.40050, 10.34500),
                (55.40300, 10.33000),
                (55.40800, 10.31500),
                KORUP,
                (55.41600, 10.31800),
                TARUP,
            ],
            CENTRE_TO_TARUP[::-1][1:],
            FLAK_TO_BANEGARD[::-1][1:],
            FLAK_TO_OCC[1:],
        ),
        [
            ("Bolbro", "Regnvandsbassin i boligområdet.", BOLBRO),
            ("Korup", "Grøfter i stedet for rør.", KORUP),
        ],
        host="VandCenter Syd",
    ),
    ill(
        "kanalen-til-stige",
        Mode.BIKE,
        "13:30",
        25,
        "Ad kanalen til Stige",
        "Along the canal to Stige",
        "Fra inderhavnen ud langs Odense Kanal til Stige Ø: havneudvikling, fjordens vandkvalitet og "
        "nye stier.",
        "From the inner harbour along the Odense canal to Stige Ø: harbour development, water quality "
        "in the fjord and new paths.",
        "vand, natur, cykling",
        WALK_MEET,
        join(
            FLAK_TO_BANEGARD,
            BANEGARD_TO_INDERHAVN,
            HAVNEGADE_N,
            [
                (55.42900, 10.41200),
                STIGE_O,
                (55.44150, 10.42100),
                (55.43500, 10.42600),
                (55.42800, 10.42100),
                (55.42000, 10.41300),
                (55.41400, 10.40300),
                (55.40950, 10.39800),
            ],
            [(55.40450, 10.39600), (55.40300, 10.39200), BANEGARD],
            FLAK_TO_BANEGARD[::-1][1:],
        ),
        [
            ("Odense Kanal", "Erhvervshavnen og fjorden.", (55.42150, 10.40350)),
            ("Stige Ø", "Naturområde ved fjorden.", STIGE_O),
        ],
    ),
    ill(
        "bynatur-og-biodiversitet",
        Mode.WALK,
        "14:15",
        30,
        "Bynatur og biodiversitet",
        "Urban nature and biodiversity",
        "Vilde blomster i parkerne, gamle træer i Kongens Have og mindre slåning: hvordan byen "
        "giver plads til mere liv.",
        "Wild flowers in the parks, old trees in the King's Garden and less mowing: how the city makes "
        "room for more life.",
        "natur, biodiversitet",
        WALK_MEET,
        join(
            [
                FLAKHAVEN,
                (55.39520, 10.38950),
                (55.39450, 10.39100),
                EVENTYRHAVEN,
                MUNKE_MOSE,
                (55.39300, 10.38100),
                (55.39530, 10.38150),
                (55.39700, 10.38120),
                (55.39880, 10.38200),
                KONGENS_HAVE,
                BANEGARD,
            ],
            FLAK_TO_BANEGARD[::-1][1:],
        ),
        [
            ("Eventyrhaven", "Blomstereng ved åen.", EVENTYRHAVEN),
            ("Kongens Have", "Gamle træer.", KONGENS_HAVE),
        ],
    ),
    ill(
        "biogas-fangel",
        Mode.BUS,
        "13:45",
        45,
        "Biogas og landbrug ved Fangel",
        "Biogas and farming at Fangel",
        "Gylle og restprodukter bliver til gas og gødning. Besøg et biogasanlæg i det åbne land vest "
        "for Odense.",
        "Slurry and residues become gas and fertiliser. Visit a biogas plant in the countryside west of "
        "Odense.",
        "energi, landbrug, biogas",
        BUS_MEET,
        join(
            [OCC, (55.37600, 10.43100), (55.37200, 10.42000), (55.36450, 10.41700)],
            HJALLESE_TO_SDU[::-1][2:],
            [
                (55.35800, 10.39300),
                (55.35800, 10.38000),
                (55.36000, 10.36500),
                DALUM,
                (55.35500, 10.34000),
                (55.34500, 10.32000),
                FANGEL,
                (55.33900, 10.29000),
                (55.35000, 10.30500),
                (55.36200, 10.32200),
                (55.36800, 10.34000),
                DALUM,
                (55.36300, 10.37000),
                (55.36100, 10.38500),
                HJALLESE,
            ],
            HJALLESE_TO_SDU,
            CAMPUS_LOOP,
        ),
        [("Biogasanlægget", "Rundvisning på anlægget.", FANGEL)],
        duration_min=180,
    ),
    ill(
        "groenne-kiler-hjallese-dalum",
        Mode.BIKE,
        "13:30",
        25,
        "Grønne kiler: Hjallese og Dalum",
        "Green wedges: Hjallese and Dalum",
        "De grønne kiler fører naturen helt ind til centrum. Cykl fra Campus gennem Hjallese og Dalum "
        "og ad åen ind til byen.",
        "Green wedges bring nature right into the centre. Ride from Campus through Hjallese and Dalum "
        "and along the river into town.",
        "natur, byplanlægning, cykling",
        BIKE_MEET,
        join(
            [
                OCC,
                (55.37600, 10.43100),
                CORTEX,
                (55.36650, 10.43500),
                NYT_OUH,
                (55.36650, 10.43050),
                SDU,
            ],
            HJALLESE_TO_SDU[::-1][1:],
            [
                (55.35850, 10.39300),
                (55.35800, 10.38000),
                (55.36000, 10.36500),
                DALUM,
                (55.36900, 10.35800),
                (55.37400, 10.36300),
            ],
            FLAK_TO_FRUENS[::-1],
            OCC_TO_FLAK[::-1][1:],
        ),
        [("Hjallese", "Kilen mellem by og land.", HJALLESE), ("Dalum", "Engene ved åen.", DALUM)],
    ),
    ill(
        "cirkulaert-byggeri-campus",
        Mode.WALK,
        "14:15",
        30,
        "Cirkulært byggeri på Campus",
        "Circular construction on Campus",
        "Genbrugte materialer og bygninger, der kan skilles ad: en gåtur fra kongrescentret til "
        "universitetet og Cortex Park.",
        "Reused materials and buildings designed to come apart: a walk from the congress centre to the "
        "university and Cortex Park.",
        "byggeri, cirkulær økonomi",
        VENUE_MEET,
        join(
            [
                OCC,
                (55.37600, 10.43100),
                CORTEX,
                (55.37000, 10.43000),
                SDU,
                (55.36650, 10.43050),
                NYT_OUH,
                (55.36650, 10.43500),
                (55.37100, 10.43700),
                (55.37550, 10.43500),
                OCC,
            ]
        ),
        [
            ("Cortex Park", "Erhvervsbyggeri med genbrugte materialer.", CORTEX),
            ("Syddansk Universitet", "Universitetets nye bygninger.", SDU),
        ],
        host="Syddansk Universitet",
    ),
    ill(
        "cykelsti-til-tarup",
        Mode.BIKE,
        "13:30",
        25,
        "Den nye cykelrute til Tarup",
        "The new cycle route to Tarup",
        "Letbanens endestation i Tarup og den nye cykelrute derud: hvordan pendlere skal vælge bilen fra.",
        "The light rail terminus at Tarup and the new cycle route there: how commuters are to leave "
        "the car at home.",
        "cykling, letbane, mobilitet",
        WALK_MEET,
        join(
            FLAK_TO_BANEGARD,
            CENTRE_TO_TARUP,
            [
                (55.40700, 10.33500),
                (55.40100, 10.34200),
                BOLBRO,
                (55.39800, 10.36700),
                (55.39700, 10.37600),
                (55.39600, 10.38200),
                FLAKHAVEN,
            ],
        ),
        [("Tarup", "Letbanens endestation.", TARUP)],
    ),
]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for ex in EXCURSIONS:
        hh, mm = map(int, ex["at"].split(":"))
        draft = RouteDraft(
            id=ex["id"],
            mode=ex["mode"],
            title_da=ex["title_da"],
            title_en=ex["title_en"],
            capacity=ex["capacity"],
            departure=dt.datetime(2022, 4, 20, hh, mm, tzinfo=TZ),
            meeting_point=ex["meet"],
            source=ex["source"],
            description_da=ex["description_da"],
            description_en=ex["description_en"],
            extra={
                k: v
                for k, v in (
                    ("duration_min", ex.get("duration_min")),
                    ("themes", ex["themes"]),
                    ("host", ex["host"]),
                    ("accessibility", ex.get("accessibility")),
                    ("bikes_provided", ex.get("bikes_provided")),
                )
                if v
            },
        )
        doc = route_document(draft, [densify(ex["path"])], ex["stops"])
        (OUT / f"{ex['id']}.geojson").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")
    print(f"wrote {len(EXCURSIONS)} route files to {OUT}")


if __name__ == "__main__":
    main()
