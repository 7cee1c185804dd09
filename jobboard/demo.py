"""The deterministic demo data set: `flask --app jobboard demo [--if-empty]`.

Fictional cluster organisations, their member companies, users for every role and a few
hundred vacancies and training offers in every status. Everything comes from one seeded
random generator, and every date is relative to `now`, so the same `now` gives the same set.
Status changes go through `jobboard.postings.workflow`, so the audit trail is the real one.

The demo passwords are public (they are in this file). They are printed or shown only when
`DEMO_MODE` is on.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from flask import current_app, has_app_context
from sqlalchemy import select

from . import taxonomy
from .accounts.passwords import hash_password
from .extensions import db
from .models import (
    HiringOrganisation,
    Organisation,
    Posting,
    PostingKind,
    PostingStatus,
    Role,
    TrainingOffer,
    TrainingRun,
    TrustLevel,
    User,
    Vacancy,
)
from .postings import workflow
from .postings.queries import visible_counts_by_kind
from .timeutil import BERLIN, utcnow

S = PostingStatus
SEED = 20240611
DEMO_DOMAIN = "demo.go-cluster.example"


class DemoError(RuntimeError):
    """The demo set cannot be loaded (for example: it is loaded already)."""


# --- Logins -----------------------------------------------------------------------------

# Public demo passwords: they are documented by logins_text() and shown in demo mode only.
ADMIN_PASSWORD = "Programmbuero-Admin-Demo"  # noqa: S105
MODERATOR_PASSWORD = "Programmbuero-Moderation-Demo"  # noqa: S105
ORG_ADMIN_PASSWORD = "Cluster-Leitung-Demo"  # noqa: S105
MEMBER_PASSWORD = "Cluster-Team-Demo"  # noqa: S105


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    role: Role
    name: str
    organisation: str | None = None  # slug of the cluster organisation
    language: str = "de"
    featured: bool = True  # listed one by one in logins_text()


# --- Places: city -> (postcode, NUTS-2 region) ------------------------------------------

PLACES: dict[str, tuple[str, str]] = {
    "Stuttgart": ("70173", "DE11"),
    "Esslingen am Neckar": ("73728", "DE11"),
    "Heilbronn": ("74072", "DE11"),
    "Karlsruhe": ("76133", "DE12"),
    "Mannheim": ("68159", "DE12"),
    "Heidelberg": ("69117", "DE12"),
    "Freiburg im Breisgau": ("79098", "DE13"),
    "Offenburg": ("77652", "DE13"),
    "Konstanz": ("78462", "DE13"),
    "Tübingen": ("72070", "DE14"),
    "Reutlingen": ("72764", "DE14"),
    "Ulm": ("89073", "DE14"),
    "München": ("80331", "DE21"),
    "Ingolstadt": ("85049", "DE21"),
    "Landshut": ("84028", "DE22"),
    "Regensburg": ("93047", "DE23"),
    "Amberg": ("92224", "DE23"),
    "Bamberg": ("96047", "DE24"),
    "Bayreuth": ("95444", "DE24"),
    "Coburg": ("96450", "DE24"),
    "Nürnberg": ("90402", "DE25"),
    "Erlangen": ("91052", "DE25"),
    "Fürth": ("90762", "DE25"),
    "Würzburg": ("97070", "DE26"),
    "Schweinfurt": ("97421", "DE26"),
    "Augsburg": ("86150", "DE27"),
    "Berlin": ("10115", "DE30"),
    "Potsdam": ("14467", "DE40"),
    "Cottbus": ("03046", "DE40"),
    "Frankfurt (Oder)": ("15230", "DE40"),
    "Wildau": ("15745", "DE40"),
    "Bremen": ("28195", "DE50"),
    "Bremerhaven": ("27568", "DE50"),
    "Hamburg": ("20095", "DE60"),
    "Frankfurt am Main": ("60311", "DE71"),
    "Darmstadt": ("64283", "DE71"),
    "Offenbach am Main": ("63065", "DE71"),
    "Wiesbaden": ("65183", "DE71"),
    "Gießen": ("35390", "DE72"),
    "Marburg": ("35037", "DE72"),
    "Kassel": ("34117", "DE73"),
    "Rostock": ("18055", "DE80"),
    "Schwerin": ("19053", "DE80"),
    "Greifswald": ("17489", "DE80"),
    "Stralsund": ("18439", "DE80"),
    "Braunschweig": ("38100", "DE91"),
    "Wolfsburg": ("38440", "DE91"),
    "Göttingen": ("37073", "DE91"),
    "Hannover": ("30159", "DE92"),
    "Lüneburg": ("21335", "DE93"),
    "Stade": ("21680", "DE93"),
    "Oldenburg": ("26122", "DE94"),
    "Osnabrück": ("49074", "DE94"),
    "Vechta": ("49377", "DE94"),
    "Düsseldorf": ("40213", "DEA1"),
    "Duisburg": ("47051", "DEA1"),
    "Essen": ("45127", "DEA1"),
    "Köln": ("50667", "DEA2"),
    "Bonn": ("53111", "DEA2"),
    "Aachen": ("52062", "DEA2"),
    "Leverkusen": ("51373", "DEA2"),
    "Münster": ("48143", "DEA3"),
    "Gelsenkirchen": ("45879", "DEA3"),
    "Bielefeld": ("33602", "DEA4"),
    "Paderborn": ("33098", "DEA4"),
    "Dortmund": ("44135", "DEA5"),
    "Bochum": ("44787", "DEA5"),
    "Siegen": ("57072", "DEA5"),
    "Koblenz": ("56068", "DEB1"),
    "Neuwied": ("56564", "DEB1"),
    "Trier": ("54290", "DEB2"),
    "Mainz": ("55116", "DEB3"),
    "Kaiserslautern": ("67655", "DEB3"),
    "Ludwigshafen am Rhein": ("67059", "DEB3"),
    "Saarbrücken": ("66111", "DEC0"),
    "Homburg": ("66424", "DEC0"),
    "Saarlouis": ("66740", "DEC0"),
    "Dresden": ("01067", "DED2"),
    "Görlitz": ("02826", "DED2"),
    "Chemnitz": ("09111", "DED4"),
    "Zwickau": ("08056", "DED4"),
    "Leipzig": ("04109", "DED5"),
    "Magdeburg": ("39104", "DEE0"),
    "Halle (Saale)": ("06108", "DEE0"),
    "Dessau-Roßlau": ("06844", "DEE0"),
    "Kiel": ("24103", "DEF0"),
    "Lübeck": ("23552", "DEF0"),
    "Flensburg": ("24937", "DEF0"),
    "Husum": ("25813", "DEF0"),
    "Erfurt": ("99084", "DEG0"),
    "Jena": ("07743", "DEG0"),
    "Ilmenau": ("98693", "DEG0"),
    "Weimar": ("99423", "DEG0"),
}

# "Drama numbers" of the Bundesnetzagentur (Mitteilung 148/2021): never assigned to anyone.
PHONE_PREFIX = {
    "DE1": "+49 89 99998",
    "DE2": "+49 89 99998",
    "DE3": "+49 30 23125",
    "DE4": "+49 30 23125",
    "DE5": "+49 40 66969",
    "DE6": "+49 40 66969",
    "DE7": "+49 69 90009",
    "DE8": "+49 40 66969",
    "DE9": "+49 40 66969",
    "DEA": "+49 221 4710",
    "DEB": "+49 69 90009",
    "DEC": "+49 69 90009",
    "DED": "+49 30 23125",
    "DEE": "+49 30 23125",
    "DEF": "+49 40 66969",
    "DEG": "+49 30 23125",
}

STREETS = (
    "Industriestraße",
    "Am Technologiepark",
    "Gewerbering",
    "Hauptstraße",
    "Bahnhofstraße",
    "Innovationsallee",
    "Hafenstraße",
    "Werkstraße",
    "Forschungsweg",
    "Am Wissenschaftspark",
    "Lindenallee",
    "Robert-Bosch-Straße",
)

FIRST_NAMES = (
    "Anna", "Lena", "Sophie", "Marie", "Julia", "Katharina", "Sabine", "Petra", "Aylin",
    "Mira", "Johanna", "Fatma", "Lukas", "Jonas", "Felix", "Tobias", "Michael", "Thomas",
    "Stefan", "Mehmet", "Jan", "Niklas", "Paul", "Andreas",
)  # fmt: skip
LAST_NAMES = (
    "Becker", "Schulz", "Hoffmann", "Wagner", "Krüger", "Neumann", "Schwarz", "Zimmermann",
    "Braun", "Hartmann", "Lange", "Vogel", "Friedrich", "Keller", "Günther", "Yılmaz",
    "Kowalski", "Albrecht", "Busch", "Lorenz", "Seidel", "Engel", "Kaya", "Brandt",
)  # fmt: skip


# --- Cluster organisations and their members --------------------------------------------


@dataclass(frozen=True)
class MemberSpec:
    name: str
    city: str
    sector: str


@dataclass(frozen=True)
class ClusterSpec:
    key: str
    name: str
    slug: str
    land: str
    city: str
    sectors: tuple[str, ...]
    intro: str
    themes: tuple[str, ...]
    members: tuple[MemberSpec, ...]
    weight: int = 2
    trusted: bool = False


M = MemberSpec

CLUSTERS: tuple[ClusterSpec, ...] = (
    ClusterSpec(
        "leichtbau",
        "Cluster Leichtbau Nordbayern e.V.",
        "cluster-leichtbau-nordbayern",
        "DE2",
        "Nürnberg",
        ("mobility", "energy-intensive", "aerospace-defence"),
        "Das **Cluster Leichtbau Nordbayern** verbindet Zulieferer, Werkstoffhersteller und "
        "Hochschulen aus Franken und der Oberpfalz, die Gewicht, Material und Energie sparen.",
        (
            "Faserverbund- und Hybridbauweisen",
            "Gießen und Umformen von Leichtmetallen",
            "Recyclinggerechte Konstruktion",
        ),
        (
            M("Präzisionsteile Huber GmbH", "Fürth", "mobility"),
            M("Faserverbund Franken GmbH", "Erlangen", "aerospace-defence"),
            M(
                "Institut für Werkstoff- und Leichtbauforschung Bayreuth",
                "Bayreuth",
                "energy-intensive",
            ),
            M("Mainfranken Gusstechnik AG", "Schweinfurt", "energy-intensive"),
            M("Coburger Karosserietechnik GmbH & Co. KG", "Coburg", "mobility"),
        ),
        weight=3,
    ),
    ClusterSpec(
        "rhein-ruhr",
        "Digitalcluster Rhein-Ruhr",
        "digitalcluster-rhein-ruhr",
        "DEA",
        "Dortmund",
        ("digital", "electronics", "energy-intensive"),
        "Der **Digitalcluster Rhein-Ruhr** bringt Softwarehäuser, Start-ups und Industrie im "
        "Ruhrgebiet zusammen, damit der Mittelstand Daten und KI sicher nutzt.",
        (
            "Künstliche Intelligenz für die Produktion",
            "IT-Sicherheit im Mittelstand",
            "Datenräume und Cloud-Infrastruktur",
        ),
        (
            M("Datenwerk Ruhr GmbH", "Dortmund", "digital"),
            M("Kohlenpott Software Solutions GmbH", "Bochum", "digital"),
            M("SensorLogik Essen GmbH", "Essen", "electronics"),
            M("CloudHafen Duisburg GmbH", "Duisburg", "digital"),
            M("Westfälisches Institut für angewandte KI", "Gelsenkirchen", "digital"),
        ),
        weight=3,
        trusted=True,
    ),
    ClusterSpec(
        "gesundheit-sachsen",
        "Gesundheitsregion Sachsen",
        "gesundheitsregion-sachsen",
        "DED",
        "Dresden",
        ("health", "digital", "electronics"),
        "Die **Gesundheitsregion Sachsen** vernetzt Medizintechnik, Biotechnologie, Kliniken und "
        "Versorgungsforschung zwischen Dresden, Leipzig und Chemnitz.",
        (
            "Medizintechnik und Diagnostik",
            "Digitale Versorgung und Telemedizin",
            "Translation aus der Forschung in die Klinik",
        ),
        (
            M("Elbtal Medizintechnik GmbH", "Dresden", "health"),
            M("BioAnalytik Leipzig GmbH", "Leipzig", "health"),
            M("Erzgebirgische Gesundheitsdienste gGmbH", "Chemnitz", "health"),
            M("Telemedizin Sachsen GmbH", "Leipzig", "digital"),
        ),
        weight=3,
        trusted=True,
    ),
    ClusterSpec(
        "wasserstoff-nord",
        "Wasserstoffnetzwerk Nord e.V.",
        "wasserstoffnetzwerk-nord",
        "DE6",
        "Hamburg",
        ("renewables", "energy-intensive", "mobility"),
        "Das **Wasserstoffnetzwerk Nord** treibt den Aufbau einer grünen Wasserstoffwirtschaft "
        "von der Elektrolyse an der Küste bis zur Anwendung in Hafen, Stahl und Verkehr voran.",
        (
            "Elektrolyse und Speicherung",
            "Wasserstoff in Hafen und Logistik",
            "Dekarbonisierung der Grundstoffindustrie",
        ),
        (
            M("Hanse Elektrolyse GmbH", "Hamburg", "renewables"),
            M("Nordwind Wasserstofflogistik GmbH", "Stade", "mobility"),
            M("Hafenenergie Hamburg GmbH", "Hamburg", "renewables"),
            M("Stahlwerk Unterelbe GmbH", "Hamburg", "energy-intensive"),
        ),
        weight=3,
    ),
    ClusterSpec(
        "luftfahrt-weser",
        "Luft- und Raumfahrtcluster Weser e.V.",
        "luft-und-raumfahrtcluster-weser",
        "DE5",
        "Bremen",
        ("aerospace-defence", "electronics", "digital"),
        "Der **Luft- und Raumfahrtcluster Weser** ist das Netzwerk der Luftfahrt- und "
        "Raumfahrtunternehmen zwischen Bremen, Bremerhaven und Oldenburg.",
        (
            "Kabinen- und Struktursysteme",
            "Satellitenbau und Erdbeobachtung",
            "Digitale Zulassung und Qualitätssicherung",
        ),
        (
            M("Orbitalwerk Bremen GmbH", "Bremen", "aerospace-defence"),
            M("Weser Avionik GmbH", "Bremen", "electronics"),
            M("Kabinenbau Nord GmbH", "Bremerhaven", "aerospace-defence"),
            M("Satellitendaten Nordwest GmbH", "Oldenburg", "digital"),
        ),
    ),
    ClusterSpec(
        "agrar-weser-ems",
        "Agrar- und Ernährungscluster Weser-Ems e.V.",
        "agrar-und-ernaehrungscluster-weser-ems",
        "DE9",
        "Oldenburg",
        ("agri-food", "retail", "digital"),
        "Der **Agrar- und Ernährungscluster Weser-Ems** vernetzt Landwirtschaft, "
        "Lebensmittelverarbeitung, Handel und Forschung im Nordwesten.",
        ("Nachhaltige Lebensmittelproduktion", "Digitale Landwirtschaft", "Neue Proteinquellen"),
        (
            M("Ammerländer Frischeprodukte GmbH", "Oldenburg", "agri-food"),
            M("Emsland Agrartechnik GmbH", "Osnabrück", "agri-food"),
            M("Hof & Handel Vertriebs-GmbH", "Vechta", "retail"),
            M("Institut für Lebensmittelsicherheit Nordwest e.V.", "Oldenburg", "agri-food"),
        ),
    ),
    ClusterSpec(
        "kreativ-berlin",
        "Netzwerk Kreativwirtschaft Berlin e.V.",
        "netzwerk-kreativwirtschaft-berlin",
        "DE3",
        "Berlin",
        ("cultural-creative", "digital", "tourism"),
        "Das **Netzwerk Kreativwirtschaft Berlin** verbindet Studios, Verlage, Games-Entwickler "
        "und Kulturbetriebe in Berlin und Brandenburg.",
        ("Games und immersive Medien", "Barrierefreie Kommunikation", "Kulturtourismus"),
        (
            M("Studio Spreebogen GmbH", "Berlin", "cultural-creative"),
            M("Pixelhaus Games GmbH", "Berlin", "digital"),
            M("Kiezkultur Veranstaltungen gGmbH", "Berlin", "tourism"),
            M("Verlag Neue Seiten GmbH", "Potsdam", "cultural-creative"),
        ),
    ),
    ClusterSpec(
        "textil-suedwest",
        "Textilnetzwerk Südwest e.V.",
        "textilnetzwerk-suedwest",
        "DE1",
        "Reutlingen",
        ("textile", "construction", "health"),
        "Das **Textilnetzwerk Südwest** ist die Plattform der Textil- und Bekleidungsindustrie "
        "auf der Schwäbischen Alb und am Neckar, von der Faser bis zum fertigen Produkt.",
        ("Technische Textilien für Bau und Medizin", "Textilrecycling", "Smart Textiles"),
        (
            M("Alb-Textilwerke GmbH", "Reutlingen", "textile"),
            M("Technische Gewebe Neckar GmbH", "Esslingen am Neckar", "construction"),
            M("MedTex Süd GmbH", "Ulm", "health"),
            M("Schwäbische Strickmoden GmbH", "Tübingen", "textile"),
        ),
        weight=1,
    ),
    ClusterSpec(
        "photonik-thueringen",
        "Mikroelektronik- und Photonikcluster Thüringen",
        "mikroelektronik-photonik-thueringen",
        "DEG",
        "Jena",
        ("electronics", "digital", "health"),
        "Der **Mikroelektronik- und Photonikcluster Thüringen** bündelt Optik, Halbleiter und "
        "Sensorik aus Jena, Ilmenau und Erfurt.",
        (
            "Optische Systeme und Lasertechnik",
            "Halbleiter und Sensorik",
            "Photonik für die Medizin",
        ),
        (
            M("Saale Optronik GmbH", "Jena", "electronics"),
            M("Ilmenauer Halbleitersysteme GmbH", "Ilmenau", "electronics"),
            M("Thüringer Lasertechnik GmbH", "Erfurt", "electronics"),
            M("Photonische Medizintechnik Jena GmbH", "Jena", "health"),
        ),
    ),
    ClusterSpec(
        "bau-rhein-main",
        "Bauinnovation Rhein-Main e.V.",
        "bauinnovation-rhein-main",
        "DE7",
        "Frankfurt am Main",
        ("construction", "renewables", "energy-intensive"),
        "**Bauinnovation Rhein-Main** ist das Netzwerk für klimagerechtes Planen, Bauen und "
        "Sanieren in Hessen und der angrenzenden Pfalz.",
        ("Serielles Sanieren", "Digitales Planen mit BIM", "Kreislaufgerechte Baustoffe"),
        (
            M("Mainbau Projektentwicklung GmbH", "Frankfurt am Main", "construction"),
            M("Holzbau Wetterau GmbH", "Gießen", "construction"),
            M("Darmstädter Gebäudetechnik GmbH", "Darmstadt", "renewables"),
            M("Betonwerk Offenbach GmbH & Co. KG", "Offenbach am Main", "energy-intensive"),
        ),
    ),
    ClusterSpec(
        "ostsee",
        "Tourismusnetzwerk Ostseeküste e.V.",
        "tourismusnetzwerk-ostseekueste",
        "DE8",
        "Rostock",
        ("tourism", "agri-food", "retail"),
        "Das **Tourismusnetzwerk Ostseeküste** verbindet Gastgeber, Erzeuger und Handel an der "
        "Küste Mecklenburg-Vorpommerns für einen ganzjährigen, nachhaltigen Tourismus.",
        (
            "Nachhaltiger Tourismus",
            "Regionale Produkte in Gastronomie und Handel",
            "Fachkräfte für Hotellerie und Gastronomie",
        ),
        (
            M("Ostseeresort Warnemünde GmbH", "Rostock", "tourism"),
            M("Rügener Fischmanufaktur GmbH", "Stralsund", "agri-food"),
            M("Hanse Gastro Service GmbH", "Greifswald", "tourism"),
            M("Mecklenburger Landmarkt eG", "Schwerin", "retail"),
        ),
        weight=1,
    ),
    ClusterSpec(
        "chemie-mitteldeutschland",
        "Chemie- und Prozessnetzwerk Mitteldeutschland e.V.",
        "chemie-prozessnetzwerk-mitteldeutschland",
        "DEE",
        "Halle (Saale)",
        ("energy-intensive", "renewables", "agri-food"),
        "Das **Chemie- und Prozessnetzwerk Mitteldeutschland** begleitet Chemieparks und "
        "Zulieferer auf dem Weg zu einer biobasierten, klimaneutralen Produktion.",
        (
            "Bioökonomie und Bioraffinerien",
            "Prozessautomatisierung",
            "Energieeffizienz in Chemieparks",
        ),
        (
            M("Saale Chemie Produktions GmbH", "Halle (Saale)", "energy-intensive"),
            M("Bioraffinerie Magdeburg GmbH", "Magdeburg", "renewables"),
            M("Anhaltische Kunststoffwerke GmbH", "Dessau-Roßlau", "energy-intensive"),
        ),
    ),
    ClusterSpec(
        "mobilitaet-saar",
        "Mobilitätscluster Saar-Pfalz e.V.",
        "mobilitaetscluster-saar-pfalz",
        "DEC",
        "Saarbrücken",
        ("mobility", "electronics", "digital"),
        "Der **Mobilitätscluster Saar-Pfalz** unterstützt Zulieferer im Saarland und in der Pfalz "
        "beim Wandel vom Verbrenner zu elektrischen und vernetzten Antrieben.",
        ("Elektrische Antriebe", "Software im Fahrzeug", "Transformation der Zulieferer"),
        (
            M("Saar Antriebstechnik GmbH", "Saarbrücken", "mobility"),
            M("Homburger Fahrzeugelektronik GmbH", "Homburg", "electronics"),
            M("Pfalz Mobility Software GmbH", "Kaiserslautern", "digital"),
            M("Saarlouiser Achsfertigung GmbH", "Saarlouis", "mobility"),
        ),
    ),
    ClusterSpec(
        "sicherheit-rheinland",
        "Netzwerk Zivile Sicherheit Rheinland e.V.",
        "netzwerk-zivile-sicherheit-rheinland",
        "DEA",
        "Köln",
        ("proximity-social", "digital", "health"),
        "Das **Netzwerk Zivile Sicherheit Rheinland** verbindet Kommunen, Hilfsorganisationen, "
        "Sozialwirtschaft und Technologieanbieter für eine krisenfeste Region.",
        (
            "Bevölkerungsschutz und Krisenmanagement",
            "Schutz kritischer Infrastrukturen",
            "Soziale Innovation im Quartier",
        ),
        (
            M("Rheinische Sicherheitstechnik GmbH", "Köln", "proximity-social"),
            M("Bonner Institut für Krisenmanagement gGmbH", "Bonn", "proximity-social"),
            M("Aachener Leitstellensysteme GmbH", "Aachen", "digital"),
            M("Sozialwerk Rheinland gGmbH", "Leverkusen", "proximity-social"),
        ),
        weight=1,
    ),
    ClusterSpec(
        "wind-sh",
        "Windenergie-Netzwerk Schleswig-Holstein e.V.",
        "windenergie-netzwerk-schleswig-holstein",
        "DEF",
        "Husum",
        ("renewables", "construction", "electronics"),
        "Das **Windenergie-Netzwerk Schleswig-Holstein** ist der Zusammenschluss der "
        "Windbranche zwischen Nord- und Ostsee, von der Planung bis zum Service auf See.",
        (
            "Offshore-Wind und Netzanbindung",
            "Service und Instandhaltung",
            "Fachkräfte für die Energiewende",
        ),
        (
            M("Nordfriesische Windservice GmbH", "Husum", "renewables"),
            M("Kieler Netztechnik GmbH", "Kiel", "electronics"),
            M("Flensburger Offshore-Montage GmbH", "Flensburg", "construction"),
            M("Lübecker Rotorblatt-Service GmbH", "Lübeck", "renewables"),
        ),
    ),
    ClusterSpec(
        "handel-rlp",
        "Innovationsnetzwerk Handel & Logistik Rheinland-Pfalz",
        "innovationsnetzwerk-handel-logistik-rlp",
        "DEB",
        "Koblenz",
        ("retail", "mobility", "digital"),
        "Das **Innovationsnetzwerk Handel & Logistik Rheinland-Pfalz** hilft Händlern und "
        "Logistikern, Innenstädte, Onlinehandel und Lieferketten zusammenzudenken.",
        ("Omnichannel-Handel", "Letzte Meile und City-Logistik", "Regionale Marktplätze"),
        (
            M("Mittelrhein Logistik GmbH", "Koblenz", "mobility"),
            M("Moselländer Weinhandel GmbH", "Trier", "retail"),
            M("Mainzer Onlinehandel GmbH", "Mainz", "retail"),
            M("Westerwald Warenwirtschaft GmbH", "Neuwied", "digital"),
        ),
        weight=1,
    ),
    ClusterSpec(
        "medtech-oberrhein",
        "MedTech-Cluster Oberrhein e.V.",
        "medtech-cluster-oberrhein",
        "DE1",
        "Freiburg im Breisgau",
        ("health", "electronics", "digital"),
        "Der **MedTech-Cluster Oberrhein** vernetzt Medizintechnikunternehmen, Kliniken und "
        "Hochschulen zwischen Karlsruhe, Freiburg und dem Bodensee.",
        ("Implantate und Chirurgie", "Diagnostik und Sensorik", "Regulatorik nach MDR"),
        (
            M("Breisgau Implantate GmbH", "Freiburg im Breisgau", "health"),
            M("Schwarzwald Diagnostik GmbH", "Offenburg", "health"),
            M("Kurpfälzer Medizinsoftware GmbH", "Heidelberg", "digital"),
            M("Bodensee Sensorik GmbH", "Konstanz", "electronics"),
        ),
    ),
    ClusterSpec(
        "lausitz",
        "Energieregion Lausitz e.V.",
        "energieregion-lausitz",
        "DE4",
        "Cottbus",
        ("renewables", "energy-intensive", "construction"),
        "Die **Energieregion Lausitz** begleitet den Strukturwandel vom Braunkohlerevier zur "
        "Modellregion für Speicher, erneuerbare Energien und neue Industrie.",
        ("Energiespeicher", "Strukturwandel und Ansiedlung", "Sanierung von Industrieflächen"),
        (
            M("Lausitzer Speichertechnik GmbH", "Cottbus", "renewables"),
            M("Spreewald Bausanierung GmbH", "Frankfurt (Oder)", "construction"),
            M("Brandenburger Solarparks GmbH", "Potsdam", "renewables"),
            M("Wildauer Batterieforschung e.V.", "Wildau", "energy-intensive"),
        ),
    ),
)
del M

# Clusters with a full team (org_admin and member) among the demo logins.
TEAM_CLUSTERS = ("leichtbau", "rhein-ruhr")


def _logins() -> tuple[DemoLogin, ...]:
    logins = [
        DemoLogin(f"admin@{DEMO_DOMAIN}", ADMIN_PASSWORD, Role.ADMIN, "Petra Albrecht"),
        DemoLogin(f"moderator@{DEMO_DOMAIN}", MODERATOR_PASSWORD, Role.MODERATOR, "Jonas Weber"),
    ]
    names = {
        "leichtbau": ("Sabine Hartmann", "Tobias Keller"),
        "rhein-ruhr": ("Aylin Kaya", "Niklas Brandt"),
    }
    for spec in CLUSTERS:
        if spec.key in TEAM_CLUSTERS:
            leader, member = names[spec.key]
            logins.append(
                DemoLogin(
                    f"{spec.key}-admin@{DEMO_DOMAIN}",
                    ORG_ADMIN_PASSWORD,
                    Role.ORG_ADMIN,
                    leader,
                    spec.slug,
                )
            )
            logins.append(
                DemoLogin(
                    f"{spec.key}-team@{DEMO_DOMAIN}",
                    MEMBER_PASSWORD,
                    Role.MEMBER,
                    member,
                    spec.slug,
                    language="en" if spec.key == "rhein-ruhr" else "de",
                )
            )
    for i, spec in enumerate(c for c in CLUSTERS if c.key not in TEAM_CLUSTERS):
        name = f"{FIRST_NAMES[(5 * i) % len(FIRST_NAMES)]} {LAST_NAMES[(7 * i + 3) % 24]}"
        logins.append(
            DemoLogin(
                f"{spec.key}@{DEMO_DOMAIN}",
                ORG_ADMIN_PASSWORD,
                Role.ORG_ADMIN,
                name,
                spec.slug,
                featured=False,
            )
        )
    return tuple(logins)


LOGINS: tuple[DemoLogin, ...] = _logins()


# --- What the postings say ----------------------------------------------------------------

Pair = tuple[str, str]  # (German, English)


@dataclass(frozen=True)
class SectorContent:
    roles: tuple[tuple[str, str, str], ...]  # (German masculine, German feminine, English)
    areas: tuple[Pair, ...]
    studies: Pair
    apprenticeships: tuple[Pair, ...]  # (masculine, feminine)
    dual_studies: tuple[str, ...]
    tasks: tuple[Pair, ...]  # may contain {area}
    about: Pair
    topics: tuple[Pair, ...]  # training topics


C = SectorContent

CONTENT: dict[str, SectorContent] = {
    "aerospace-defence": C(
        (
            ("Luftfahrtingenieur", "Luftfahrtingenieurin", "Aerospace Engineer"),
            ("Konstrukteur", "Konstrukteurin", "Design Engineer"),
            ("Systemingenieur", "Systemingenieurin", "Systems Engineer"),
            ("Qualitätsingenieur", "Qualitätsingenieurin", "Quality Engineer"),
            ("Projektmanager", "Projektmanagerin", "Project Manager"),
        ),
        (
            ("Kabinensysteme", "Cabin Systems"),
            ("Satellitenbau", "Satellite Integration"),
            ("Strukturauslegung", "Structural Analysis"),
            ("Avionik", "Avionics"),
            ("Faserverbundbauteile", "Composite Structures"),
            ("Bodenstationen", "Ground Segment"),
        ),
        (
            "Luft- und Raumfahrttechnik, Maschinenbau oder Elektrotechnik",
            "aerospace, mechanical or electrical engineering",
        ),
        (
            ("Fluggerätmechaniker", "Fluggerätmechanikerin"),
            ("Industriemechaniker", "Industriemechanikerin"),
            ("Elektroniker für Geräte und Systeme", "Elektronikerin für Geräte und Systeme"),
        ),
        ("Duales Studium Luft- und Raumfahrttechnik (B.Eng.)",),
        (
            (
                "Sie verantworten Auslegung, Nachweise und Dokumentation im Bereich {area}",
                "You own design, verification and documentation in {area}",
            ),
            (
                "Sie arbeiten eng mit Fertigung, Qualitätssicherung und Zulassung zusammen",
                "You work closely with production, quality assurance and certification",
            ),
            (
                "Sie begleiten Tests und Qualifikationsprüfungen nach EN 9100",
                "You support tests and qualification according to EN 9100",
            ),
            (
                "Sie stimmen Anforderungen mit Kunden aus Luftfahrt und Raumfahrt ab",
                "You align requirements with aviation and space customers",
            ),
        ),
        (
            "Wir entwickeln und fertigen Komponenten für die zivile Luftfahrt und die Raumfahrt.",
            "We develop and build components for civil aviation and space.",
        ),
        (
            ("Qualitätsmanagement nach EN 9100", "Quality Management (EN 9100)"),
            ("Faserverbundtechnik", "Composite Technology"),
            ("Raumfahrtsysteme", "Space Systems"),
            ("Human Factors in der Instandhaltung", "Human Factors in Maintenance"),
        ),
    ),
    "agri-food": C(
        (
            ("Lebensmitteltechnologe", "Lebensmitteltechnologin", "Food Technologist"),
            ("Qualitätsmanager", "Qualitätsmanagerin", "Quality Manager"),
            ("Agrarwissenschaftler", "Agrarwissenschaftlerin", "Agricultural Scientist"),
            ("Produktentwickler", "Produktentwicklerin", "Product Developer"),
            ("Verfahrenstechniker", "Verfahrenstechnikerin", "Process Engineer"),
        ),
        (
            ("Lebensmittelsicherheit", "Food Safety"),
            ("Milchverarbeitung", "Dairy Processing"),
            ("Precision Farming", "Precision Farming"),
            ("Alternative Proteine", "Alternative Proteins"),
            ("Verpackungsentwicklung", "Packaging Development"),
            ("Rückverfolgbarkeit", "Traceability"),
        ),
        (
            "Lebensmitteltechnologie, Agrarwissenschaften oder Ökotrophologie",
            "food technology, agricultural science or nutrition science",
        ),
        (
            ("Fachkraft für Lebensmitteltechnik", "Fachkraft für Lebensmitteltechnik"),
            ("Landwirt", "Landwirtin"),
            ("Milchtechnologe", "Milchtechnologin"),
        ),
        ("Duales Studium Lebensmitteltechnologie (B.Sc.)",),
        (
            (
                "Sie entwickeln Rezepturen und Verfahren im Bereich {area} weiter",
                "You develop recipes and processes in {area}",
            ),
            (
                "Sie sichern die Einhaltung von IFS-, HACCP- und QS-Standards",
                "You ensure compliance with IFS, HACCP and QS standards",
            ),
            (
                "Sie begleiten Produktionsversuche vom Labor bis in die Linie",
                "You support production trials from the lab to the line",
            ),
            (
                "Sie werten Qualitäts- und Sensordaten aus und leiten Maßnahmen ab",
                "You analyse quality and sensor data and derive measures",
            ),
        ),
        (
            "Wir verarbeiten regionale Rohstoffe zu hochwertigen Lebensmitteln.",
            "We turn regional raw materials into high-quality food.",
        ),
        (
            ("HACCP und Lebensmittelhygiene", "HACCP and Food Hygiene"),
            ("IFS Food", "IFS Food"),
            ("Digitale Landwirtschaft", "Digital Farming"),
            ("Nachhaltige Verpackungen", "Sustainable Packaging"),
        ),
    ),
    "construction": C(
        (
            ("Bauingenieur", "Bauingenieurin", "Civil Engineer"),
            ("Bauleiter", "Bauleiterin", "Site Manager"),
            ("Architekt", "Architektin", "Architect"),
            ("BIM-Koordinator", "BIM-Koordinatorin", "BIM Coordinator"),
            ("Tragwerksplaner", "Tragwerksplanerin", "Structural Engineer"),
        ),
        (
            ("Holzbau", "Timber Construction"),
            ("Serielles Sanieren", "Serial Renovation"),
            ("Building Information Modeling", "Building Information Modeling"),
            ("Tiefbau", "Civil Works"),
            ("Technische Gebäudeausrüstung", "Building Services"),
            ("Kreislaufgerechtes Bauen", "Circular Construction"),
        ),
        (
            "Bauingenieurwesen, Architektur oder Gebäudetechnik",
            "civil engineering, architecture or building services",
        ),
        (
            ("Bauzeichner", "Bauzeichnerin"),
            ("Zimmerer", "Zimmerin"),
            (
                "Anlagenmechaniker für Sanitär-, Heizungs- und Klimatechnik",
                "Anlagenmechanikerin für Sanitär-, Heizungs- und Klimatechnik",
            ),
        ),
        ("Duales Studium Bauingenieurwesen (B.Eng.)",),
        (
            (
                "Sie planen und steuern Bauvorhaben im Bereich {area} von der Ausschreibung bis "
                "zur Abnahme",
                "You plan and manage {area} projects from tender to acceptance",
            ),
            (
                "Sie erstellen und pflegen digitale Gebäudemodelle (BIM)",
                "You create and maintain digital building models (BIM)",
            ),
            (
                "Sie koordinieren Nachunternehmer, Fachplaner und Behörden",
                "You coordinate subcontractors, specialist planners and authorities",
            ),
            (
                "Sie behalten Termine, Kosten und Qualität auf der Baustelle im Blick",
                "You keep an eye on schedules, costs and quality on site",
            ),
        ),
        (
            "Wir planen und bauen energieeffiziente Gebäude und Infrastruktur in der Region.",
            "We design and build energy-efficient buildings and infrastructure in the region.",
        ),
        (
            ("BIM-Basiswissen", "BIM Fundamentals"),
            ("Serielles Sanieren", "Serial Renovation"),
            ("Mehrgeschossiger Holzbau", "Multi-storey Timber Construction"),
            ("VOB/B für die Bauleitung", "Construction Contracts (VOB/B)"),
        ),
    ),
    "cultural-creative": C(
        (
            ("Mediengestalter", "Mediengestalterin", "Media Designer"),
            ("UX-Designer", "UX-Designerin", "UX Designer"),
            ("Game Designer", "Game Designerin", "Game Designer"),
            ("Redakteur", "Redakteurin", "Editor"),
            ("Produzent", "Produzentin", "Producer"),
        ),
        (
            ("Bewegtbild", "Motion Design"),
            ("Games", "Games"),
            ("Corporate Publishing", "Corporate Publishing"),
            ("Ausstellungsgestaltung", "Exhibition Design"),
            ("Social Media", "Social Media"),
            ("Audio und Podcast", "Audio and Podcasts"),
        ),
        (
            "Kommunikationsdesign, Medienwissenschaften oder Informatik",
            "communication design, media studies or computer science",
        ),
        (
            ("Mediengestalter Digital und Print", "Mediengestalterin Digital und Print"),
            ("Gestalter für immersive Medien", "Gestalterin für immersive Medien"),
            ("Veranstaltungskaufmann", "Veranstaltungskauffrau"),
        ),
        ("Duales Studium Medienmanagement (B.A.)",),
        (
            (
                "Sie konzipieren und gestalten Formate im Bereich {area}",
                "You design and produce formats in {area}",
            ),
            (
                "Sie betreuen Kundenprojekte vom Briefing bis zur Veröffentlichung",
                "You look after client projects from briefing to release",
            ),
            (
                "Sie arbeiten mit Kreativen, Entwicklung und Redaktion zusammen",
                "You work with creatives, developers and editors",
            ),
            (
                "Sie achten auf Barrierefreiheit und gute Nutzbarkeit",
                "You care about accessibility and usability",
            ),
        ),
        (
            "Wir gestalten Medien, Spiele und Kommunikation für Kultur und Wirtschaft.",
            "We create media, games and communication for culture and business.",
        ),
        (
            ("Barrierefreie Gestaltung nach WCAG", "Accessible Design (WCAG)"),
            ("Urheberrecht für Kreative", "Copyright for Creatives"),
            ("Storytelling für Unternehmen", "Corporate Storytelling"),
            (
                "Spieleentwicklung mit Open-Source-Engines",
                "Game Development with Open-Source Engines",
            ),
        ),
    ),
    "digital": C(
        (
            ("Softwareentwickler", "Softwareentwicklerin", "Software Engineer"),
            ("Data Scientist", "Data Scientist", "Data Scientist"),
            ("DevOps Engineer", "DevOps Engineer", "DevOps Engineer"),
            ("IT-Projektmanager", "IT-Projektmanagerin", "IT Project Manager"),
            ("IT-Sicherheitsberater", "IT-Sicherheitsberaterin", "IT Security Consultant"),
            ("Produktmanager", "Produktmanagerin", "Product Manager"),
        ),
        (
            ("Embedded Systems", "Embedded Systems"),
            ("Cloud-Plattformen", "Cloud Platforms"),
            ("Data Science", "Data Science"),
            ("Künstliche Intelligenz", "Artificial Intelligence"),
            ("IT-Sicherheit", "IT Security"),
            ("Industrie 4.0", "Industry 4.0"),
            ("Backend-Entwicklung", "Backend Development"),
        ),
        (
            "Informatik, Wirtschaftsinformatik oder Mathematik",
            "computer science, business informatics or mathematics",
        ),
        (
            (
                "Fachinformatiker für Anwendungsentwicklung",
                "Fachinformatikerin für Anwendungsentwicklung",
            ),
            ("Fachinformatiker für Systemintegration", "Fachinformatikerin für Systemintegration"),
            ("Kaufmann für Digitalisierungsmanagement", "Kauffrau für Digitalisierungsmanagement"),
        ),
        ("Duales Studium Informatik (B.Sc.)", "Duales Studium Wirtschaftsinformatik (B.Sc.)"),
        (
            (
                "Sie entwickeln und betreiben Anwendungen im Bereich {area}",
                "You build and run applications in {area}",
            ),
            (
                "Sie arbeiten agil in einem kleinen, cross-funktionalen Team",
                "You work in a small, cross-functional agile team",
            ),
            (
                "Sie automatisieren Tests, Builds und Deployments",
                "You automate tests, builds and deployments",
            ),
            (
                "Sie beraten Kunden aus dem Mittelstand bei der Digitalisierung",
                "You advise SME customers on their digital transformation",
            ),
        ),
        (
            "Wir entwickeln Software und Datenlösungen für den industriellen Mittelstand.",
            "We build software and data solutions for industrial SMEs.",
        ),
        (
            ("Python für Ingenieurinnen und Ingenieure", "Python for Engineers"),
            ("KI im Mittelstand", "AI for SMEs"),
            ("IT-Sicherheit nach NIS2", "Cyber Security under NIS2"),
            ("Scrum und agiles Projektmanagement", "Scrum and Agile Project Management"),
            ("Datenschutz nach DSGVO", "GDPR Data Protection"),
        ),
    ),
    "electronics": C(
        (
            ("Elektronikentwickler", "Elektronikentwicklerin", "Electronics Engineer"),
            ("Hardwareentwickler", "Hardwareentwicklerin", "Hardware Engineer"),
            ("Prozessingenieur", "Prozessingenieurin", "Process Engineer"),
            ("Testingenieur", "Testingenieurin", "Test Engineer"),
            ("Applikationsingenieur", "Applikationsingenieurin", "Application Engineer"),
        ),
        (
            ("Leistungselektronik", "Power Electronics"),
            ("Sensorik", "Sensor Technology"),
            ("Halbleiterfertigung", "Semiconductor Manufacturing"),
            ("Optoelektronik", "Optoelectronics"),
            ("Leiterplattendesign", "PCB Design"),
            ("Funktionale Sicherheit", "Functional Safety"),
        ),
        (
            "Elektrotechnik, Physik oder Mikrosystemtechnik",
            "electrical engineering, physics or microsystems engineering",
        ),
        (
            ("Elektroniker für Geräte und Systeme", "Elektronikerin für Geräte und Systeme"),
            ("Mikrotechnologe", "Mikrotechnologin"),
            ("Elektroniker für Betriebstechnik", "Elektronikerin für Betriebstechnik"),
        ),
        ("Duales Studium Elektrotechnik (B.Eng.)",),
        (
            (
                "Sie entwickeln Schaltungen und Baugruppen im Bereich {area}",
                "You design circuits and assemblies in {area}",
            ),
            (
                "Sie begleiten Musterbau, Inbetriebnahme und Serienüberleitung",
                "You support prototyping, commissioning and transfer to series production",
            ),
            (
                "Sie führen EMV- und Umweltprüfungen durch und werten sie aus",
                "You run and evaluate EMC and environmental tests",
            ),
            (
                "Sie optimieren Fertigungsprozesse im Reinraum",
                "You optimise manufacturing processes in the cleanroom",
            ),
        ),
        (
            "Wir entwickeln und fertigen elektronische Baugruppen, Sensoren und optische Systeme.",
            "We develop and manufacture electronic assemblies, sensors and optical systems.",
        ),
        (
            ("EMV-gerechtes Schaltungsdesign", "EMC-compliant Circuit Design"),
            ("Reinraumtechnik", "Cleanroom Technology"),
            ("Funktionale Sicherheit nach ISO 26262", "Functional Safety (ISO 26262)"),
            (
                "Elektrofachkraft für festgelegte Tätigkeiten",
                "Electrically Skilled Person for Defined Tasks",
            ),
        ),
    ),
    "energy-intensive": C(
        (
            ("Verfahrensingenieur", "Verfahrensingenieurin", "Process Engineer"),
            ("Energiemanager", "Energiemanagerin", "Energy Manager"),
            ("Produktionsingenieur", "Produktionsingenieurin", "Production Engineer"),
            ("Instandhaltungsingenieur", "Instandhaltungsingenieurin", "Maintenance Engineer"),
            ("Werkstoffingenieur", "Werkstoffingenieurin", "Materials Engineer"),
        ),
        (
            ("Dekarbonisierung", "Decarbonisation"),
            ("Kunststoffverarbeitung", "Plastics Processing"),
            ("Gießereitechnik", "Foundry Technology"),
            ("Kreislaufwirtschaft", "Circular Economy"),
            ("Prozessautomatisierung", "Process Automation"),
            ("Energieeffizienz", "Energy Efficiency"),
        ),
        (
            "Verfahrenstechnik, Chemie, Werkstoffwissenschaften oder Maschinenbau",
            "process engineering, chemistry, materials science or mechanical engineering",
        ),
        (
            ("Chemikant", "Chemikantin"),
            (
                "Verfahrensmechaniker für Kunststoff- und Kautschuktechnik",
                "Verfahrensmechanikerin für Kunststoff- und Kautschuktechnik",
            ),
            ("Gießereimechaniker", "Gießereimechanikerin"),
            ("Industriemechaniker", "Industriemechanikerin"),
        ),
        ("Duales Studium Chemieingenieurwesen (B.Eng.)",),
        (
            (
                "Sie optimieren Anlagen und Prozesse mit dem Schwerpunkt {area}",
                "You optimise plants and processes with a focus on {area}",
            ),
            (
                "Sie planen Umbauten zur Elektrifizierung und Wärmerückgewinnung",
                "You plan conversions for electrification and heat recovery",
            ),
            (
                "Sie werten Prozess- und Energiedaten aus und berichten nach ISO 50001",
                "You analyse process and energy data and report according to ISO 50001",
            ),
            (
                "Sie arbeiten eng mit Produktion, Instandhaltung und Arbeitssicherheit zusammen",
                "You work closely with production, maintenance and occupational safety",
            ),
        ),
        (
            "Wir produzieren Grund- und Werkstoffe und arbeiten an klimaneutraler Produktion.",
            "We produce basic materials and are working towards climate-neutral production.",
        ),
        (
            ("Energiemanagement nach ISO 50001", "Energy Management (ISO 50001)"),
            ("Dekarbonisierung industrieller Prozesse", "Decarbonising Industrial Processes"),
            ("Lean Production", "Lean Production"),
            ("Kreislaufwirtschaft in der Kunststoffindustrie", "Circular Economy in Plastics"),
        ),
    ),
    "renewables": C(
        (
            ("Projektingenieur", "Projektingenieurin", "Project Engineer"),
            ("Projektmanager", "Projektmanagerin", "Project Manager"),
            ("Servicetechniker", "Servicetechnikerin", "Service Technician"),
            ("Netzplaner", "Netzplanerin", "Grid Planner"),
            ("Anlagenplaner", "Anlagenplanerin", "Plant Designer"),
        ),
        (
            ("Wasserstofftechnik", "Hydrogen Technology"),
            ("Photovoltaik", "Photovoltaics"),
            ("Windenergie", "Wind Energy"),
            ("Batteriespeicher", "Battery Storage"),
            ("Elektrolyse", "Electrolysis"),
            ("Wärmepumpen", "Heat Pumps"),
        ),
        (
            "Energietechnik, Elektrotechnik, Maschinenbau oder Wirtschaftsingenieurwesen",
            "energy, electrical, mechanical or industrial engineering",
        ),
        (
            (
                "Elektroniker für Energie- und Gebäudetechnik",
                "Elektronikerin für Energie- und Gebäudetechnik",
            ),
            ("Mechatroniker", "Mechatronikerin"),
            ("Anlagenmechaniker", "Anlagenmechanikerin"),
        ),
        (
            "Duales Studium Energietechnik (B.Eng.)",
            "Duales Studium Wirtschaftsingenieurwesen (B.Eng.)",
        ),
        (
            (
                "Sie planen und realisieren Projekte im Bereich {area}",
                "You plan and deliver projects in {area}",
            ),
            (
                "Sie begleiten Genehmigungsverfahren und Netzanschlussanfragen",
                "You handle permits and grid connection requests",
            ),
            (
                "Sie erstellen Wirtschaftlichkeitsberechnungen und Angebote",
                "You prepare business cases and quotes",
            ),
            (
                "Sie koordinieren Inbetriebnahme, Wartung und Service vor Ort",
                "You coordinate commissioning, maintenance and field service",
            ),
        ),
        (
            "Wir planen, bauen und betreiben Anlagen für erneuerbare Energien und Wasserstoff.",
            "We plan, build and operate renewable energy and hydrogen plants.",
        ),
        (
            ("Wasserstofftechnik", "Hydrogen Technology"),
            ("Photovoltaik-Anlagenplanung", "PV System Design"),
            ("Service an Windenergieanlagen", "Wind Turbine Service"),
            ("Wärmepumpen im Bestand", "Heat Pumps in Existing Buildings"),
            ("Batteriespeicher planen und betreiben", "Planning and Operating Battery Storage"),
        ),
    ),
    "health": C(
        (
            ("Medizintechnikingenieur", "Medizintechnikingenieurin", "Medical Device Engineer"),
            (
                "Regulatory Affairs Manager",
                "Regulatory Affairs Managerin",
                "Regulatory Affairs Manager",
            ),
            ("Biologe", "Biologin", "Biologist"),
            ("Studienkoordinator", "Studienkoordinatorin", "Clinical Study Coordinator"),
            ("Qualitätsmanager", "Qualitätsmanagerin", "Quality Manager"),
        ),
        (
            ("Medizinprodukte", "Medical Devices"),
            ("In-vitro-Diagnostik", "In Vitro Diagnostics"),
            ("Telemedizin", "Telemedicine"),
            ("Klinische Studien", "Clinical Trials"),
            ("Bioanalytik", "Bioanalytics"),
            ("Digitale Gesundheitsanwendungen", "Digital Health Applications"),
        ),
        (
            "Medizintechnik, Biologie, Biotechnologie oder Pharmazie",
            "biomedical engineering, biology, biotechnology or pharmacy",
        ),
        (
            (
                "Medizinischer Technologe für Laboratoriumsanalytik",
                "Medizinische Technologin für Laboratoriumsanalytik",
            ),
            ("Pflegefachmann", "Pflegefachfrau"),
            ("Biologielaborant", "Biologielaborantin"),
            ("Kaufmann im Gesundheitswesen", "Kauffrau im Gesundheitswesen"),
        ),
        ("Duales Studium Medizintechnik (B.Eng.)",),
        (
            (
                "Sie entwickeln und betreuen Produkte im Bereich {area}",
                "You develop and look after products in {area}",
            ),
            (
                "Sie erstellen technische Dokumentationen nach MDR bzw. IVDR",
                "You write technical documentation according to MDR or IVDR",
            ),
            (
                "Sie planen Verifizierungs- und Validierungsprüfungen",
                "You plan verification and validation tests",
            ),
            (
                "Sie arbeiten mit Kliniken und Forschungseinrichtungen zusammen",
                "You work with hospitals and research institutes",
            ),
        ),
        (
            "Wir entwickeln Medizinprodukte und digitale Lösungen für eine bessere Versorgung.",
            "We develop medical devices and digital solutions for better care.",
        ),
        (
            ("Medical Device Regulation (MDR)", "Medical Device Regulation (MDR)"),
            ("Klinische Bewertung von Medizinprodukten", "Clinical Evaluation of Medical Devices"),
            ("Digitale Gesundheitsanwendungen (DiGA)", "Digital Health Applications (DiGA)"),
            ("Qualitätsmanagement nach ISO 13485", "Quality Management (ISO 13485)"),
        ),
    ),
    "mobility": C(
        (
            ("Entwicklungsingenieur", "Entwicklungsingenieurin", "Development Engineer"),
            ("Versuchsingenieur", "Versuchsingenieurin", "Test Engineer"),
            ("Logistikplaner", "Logistikplanerin", "Logistics Planner"),
            ("Software-Architekt", "Software-Architektin", "Software Architect"),
            ("Fertigungsplaner", "Fertigungsplanerin", "Manufacturing Planner"),
        ),
        (
            ("Elektromobilität", "E-Mobility"),
            ("Batteriesysteme", "Battery Systems"),
            ("Antriebstechnik", "Powertrain"),
            ("Fahrerassistenzsysteme", "Driver Assistance Systems"),
            ("Intralogistik", "Intralogistics"),
            ("Leichtbau", "Lightweight Design"),
        ),
        (
            "Fahrzeugtechnik, Maschinenbau, Elektrotechnik oder Logistik",
            "automotive, mechanical or electrical engineering or logistics",
        ),
        (
            ("Kfz-Mechatroniker", "Kfz-Mechatronikerin"),
            ("Mechatroniker", "Mechatronikerin"),
            ("Fachkraft für Lagerlogistik", "Fachkraft für Lagerlogistik"),
            (
                "Kaufmann für Spedition und Logistikdienstleistung",
                "Kauffrau für Spedition und Logistikdienstleistung",
            ),
        ),
        ("Duales Studium Maschinenbau (B.Eng.)", "Duales Studium Fahrzeugtechnik (B.Eng.)"),
        (
            (
                "Sie entwickeln Komponenten und Systeme im Bereich {area}",
                "You develop components and systems in {area}",
            ),
            (
                "Sie planen Versuche auf Prüfständen und im Fahrzeug",
                "You plan tests on test benches and in vehicles",
            ),
            (
                "Sie arbeiten mit Kunden aus der Fahrzeug- und Nutzfahrzeugindustrie zusammen",
                "You work with customers from the car and commercial vehicle industry",
            ),
            (
                "Sie optimieren Fertigungs- und Logistikprozesse",
                "You optimise manufacturing and logistics processes",
            ),
        ),
        (
            "Wir entwickeln Komponenten und Dienstleistungen für die Mobilität von morgen.",
            "We develop components and services for tomorrow's mobility.",
        ),
        (
            ("Hochvolt-Qualifizierung (Stufe 2S)", "High-Voltage Qualification (Level 2S)"),
            ("Batteriezellfertigung", "Battery Cell Production"),
            ("Automotive SPICE", "Automotive SPICE"),
            ("Lean Logistics", "Lean Logistics"),
        ),
    ),
    "proximity-social": C(
        (
            ("Sozialarbeiter", "Sozialarbeiterin", "Social Worker"),
            ("Projektkoordinator", "Projektkoordinatorin", "Project Coordinator"),
            ("Sicherheitsingenieur", "Sicherheitsingenieurin", "Security Engineer"),
            ("Referent", "Referentin", "Policy Officer"),
            ("Einsatzplaner", "Einsatzplanerin", "Operations Planner"),
        ),
        (
            ("Bevölkerungsschutz", "Civil Protection"),
            ("Krisenmanagement", "Crisis Management"),
            ("Quartiersentwicklung", "Neighbourhood Development"),
            ("Soziale Innovation", "Social Innovation"),
            ("Leitstellentechnik", "Control Room Systems"),
            ("Kritische Infrastrukturen", "Critical Infrastructure"),
        ),
        (
            "Soziale Arbeit, Sicherheitsmanagement, Verwaltungswissenschaften oder Ingenieurwesen",
            "social work, security management, public administration or engineering",
        ),
        (
            ("Fachkraft für Schutz und Sicherheit", "Fachkraft für Schutz und Sicherheit"),
            ("Kaufmann für Büromanagement", "Kauffrau für Büromanagement"),
            ("Heilerziehungspfleger", "Heilerziehungspflegerin"),
        ),
        ("Duales Studium Soziale Arbeit (B.A.)", "Duales Studium Sicherheitsmanagement (B.A.)"),
        (
            (
                "Sie entwickeln Konzepte und Projekte im Bereich {area}",
                "You develop concepts and projects in {area}",
            ),
            (
                "Sie arbeiten mit Kommunen, Hilfsorganisationen und Behörden zusammen",
                "You work with municipalities, relief organisations and authorities",
            ),
            (
                "Sie moderieren Workshops und Beteiligungsformate",
                "You facilitate workshops and participation formats",
            ),
            (
                "Sie werben Fördermittel ein und berichten an Zuwendungsgeber",
                "You raise funding and report to funders",
            ),
        ),
        (
            "Wir stärken Sicherheit, Zusammenhalt und Daseinsvorsorge in der Region.",
            "We strengthen safety, cohesion and public services in the region.",
        ),
        (
            ("Krisenstabsarbeit", "Crisis Management Team Training"),
            ("Resilienz kritischer Infrastrukturen", "Critical Infrastructure Resilience"),
            (
                "Fördermittelmanagement für soziale Projekte",
                "Funding Management for Social Projects",
            ),
            ("Social Entrepreneurship", "Social Entrepreneurship"),
        ),
    ),
    "retail": C(
        (
            ("E-Commerce-Manager", "E-Commerce-Managerin", "E-Commerce Manager"),
            ("Category Manager", "Category Managerin", "Category Manager"),
            ("Einkäufer", "Einkäuferin", "Buyer"),
            ("Supply-Chain-Analyst", "Supply-Chain-Analystin", "Supply Chain Analyst"),
            ("Online-Marketing-Manager", "Online-Marketing-Managerin", "Online Marketing Manager"),
        ),
        (
            ("Onlinehandel", "Online Retail"),
            ("Omnichannel", "Omnichannel"),
            ("Warenwirtschaft", "Merchandise Management"),
            ("Regionale Lebensmittel", "Regional Food"),
            ("Kundenservice", "Customer Service"),
            ("Nachhaltiges Sortiment", "Sustainable Product Range"),
        ),
        (
            "Betriebswirtschaft, Handelsmanagement oder Wirtschaftsinformatik",
            "business administration, retail management or business informatics",
        ),
        (
            ("Kaufmann im Einzelhandel", "Kauffrau im Einzelhandel"),
            ("Kaufmann im E-Commerce", "Kauffrau im E-Commerce"),
            ("Verkäufer", "Verkäuferin"),
        ),
        ("Duales Studium BWL – Handel (B.A.)",),
        (
            (
                "Sie verantworten Sortiment und Prozesse im Bereich {area}",
                "You are responsible for range and processes in {area}",
            ),
            (
                "Sie analysieren Verkaufszahlen und leiten Maßnahmen ab",
                "You analyse sales figures and derive actions",
            ),
            (
                "Sie betreuen Lieferanten und verhandeln Konditionen",
                "You manage suppliers and negotiate terms",
            ),
            (
                "Sie gestalten Einkaufserlebnisse online und im Laden",
                "You shape shopping experiences online and in store",
            ),
        ),
        (
            "Wir verbinden regionalen Handel mit modernen digitalen Vertriebswegen.",
            "We combine regional retail with modern digital sales channels.",
        ),
        (
            ("E-Commerce für den stationären Handel", "E-Commerce for Brick-and-Mortar Retail"),
            ("Visual Merchandising", "Visual Merchandising"),
            ("Warenwirtschaftssysteme", "Merchandise Management Systems"),
            ("Verkaufspsychologie", "Sales Psychology"),
        ),
    ),
    "textile": C(
        (
            ("Textilingenieur", "Textilingenieurin", "Textile Engineer"),
            ("Produktentwickler", "Produktentwicklerin", "Product Developer"),
            ("Modedesigner", "Modedesignerin", "Fashion Designer"),
            ("Produktionsplaner", "Produktionsplanerin", "Production Planner"),
            ("Technischer Einkäufer", "Technische Einkäuferin", "Technical Buyer"),
        ),
        (
            ("Technische Textilien", "Technical Textiles"),
            ("Smart Textiles", "Smart Textiles"),
            ("Textilrecycling", "Textile Recycling"),
            ("Strick- und Wirktechnik", "Knitting Technology"),
            ("Medizintextilien", "Medical Textiles"),
        ),
        (
            "Textiltechnik, Bekleidungstechnik, Maschinenbau oder Werkstofftechnik",
            "textile or clothing technology, mechanical or materials engineering",
        ),
        (
            ("Produktionsmechaniker Textil", "Produktionsmechanikerin Textil"),
            ("Textil- und Modeschneider", "Textil- und Modeschneiderin"),
            ("Produktveredler Textil", "Produktveredlerin Textil"),
        ),
        ("Duales Studium Textiltechnologie (B.Eng.)",),
        (
            (
                "Sie entwickeln Produkte und Verfahren im Bereich {area}",
                "You develop products and processes in {area}",
            ),
            (
                "Sie begleiten Musterfertigung und Prüfungen im Textillabor",
                "You support sampling and testing in the textile lab",
            ),
            (
                "Sie optimieren Maschinen, Rezepturen und Veredelungsprozesse",
                "You optimise machines, recipes and finishing processes",
            ),
            (
                "Sie stimmen sich mit Kunden aus Fahrzeugbau, Bau und Medizintechnik ab",
                "You work with customers from automotive, construction and medical technology",
            ),
        ),
        (
            "Wir entwickeln und fertigen technische Textilien und Bekleidung in Deutschland.",
            "We develop and make technical textiles and clothing in Germany.",
        ),
        (
            ("Grundlagen der Textiltechnologie", "Textile Technology Basics"),
            ("Textilrecycling und Kreislaufwirtschaft", "Textile Recycling and Circularity"),
            ("Smart Textiles", "Smart Textiles"),
            ("Prüfverfahren für technische Textilien", "Testing Technical Textiles"),
        ),
    ),
    "tourism": C(
        (
            ("Destinationsmanager", "Destinationsmanagerin", "Destination Manager"),
            ("Eventmanager", "Eventmanagerin", "Event Manager"),
            ("Revenue Manager", "Revenue Managerin", "Revenue Manager"),
            ("Marketingmanager", "Marketingmanagerin", "Marketing Manager"),
            ("Gästebetreuer", "Gästebetreuerin", "Guest Relations Agent"),
        ),
        (
            ("Nachhaltiger Tourismus", "Sustainable Tourism"),
            ("Gästeservice", "Guest Services"),
            ("Veranstaltungen", "Events"),
            ("Digitales Marketing", "Digital Marketing"),
            ("Gesundheitstourismus", "Health Tourism"),
            ("Radtourismus", "Cycle Tourism"),
        ),
        (
            "Tourismusmanagement, Hotelmanagement, Eventmanagement oder Betriebswirtschaft",
            "tourism, hospitality or event management or business administration",
        ),
        (
            ("Hotelfachmann", "Hotelfachfrau"),
            ("Koch", "Köchin"),
            ("Kaufmann für Tourismus und Freizeit", "Kauffrau für Tourismus und Freizeit"),
            (
                "Fachmann für Restaurants und Veranstaltungsgastronomie",
                "Fachfrau für Restaurants und Veranstaltungsgastronomie",
            ),
        ),
        ("Duales Studium Tourismusmanagement (B.A.)",),
        (
            (
                "Sie entwickeln Angebote und Kampagnen im Bereich {area}",
                "You develop offers and campaigns in {area}",
            ),
            (
                "Sie betreuen Gäste, Partnerbetriebe und Leistungsträger",
                "You look after guests, partner businesses and service providers",
            ),
            (
                "Sie pflegen Buchungs- und Informationssysteme",
                "You maintain booking and information systems",
            ),
            (
                "Sie planen Veranstaltungen von der Idee bis zur Nachbereitung",
                "You plan events from the first idea to the follow-up",
            ),
        ),
        (
            "Wir machen die Region für Gäste aus aller Welt erlebbar – ganzjährig und nachhaltig.",
            "We make the region an experience for guests from all over the world, all year round.",
        ),
        (
            (
                "Nachhaltigkeitszertifizierung im Tourismus",
                "Sustainability Certification in Tourism",
            ),
            ("Revenue Management für Gastgeber", "Revenue Management for Hosts"),
            ("Barrierefreier Tourismus", "Accessible Tourism"),
            ("Gästekommunikation auf Englisch", "Guest Communication in English"),
        ),
    ),
}

# The cluster management itself as an employer.
OFFICE = C(
    (
        ("Projektmanager", "Projektmanagerin", "Project Manager"),
        ("Referent", "Referentin", "Officer"),
        ("Netzwerkmanager", "Netzwerkmanagerin", "Network Manager"),
        ("Kommunikationsmanager", "Kommunikationsmanagerin", "Communications Manager"),
    ),
    (
        ("Clustermanagement", "Cluster Management"),
        ("Innovationsförderung", "Innovation Funding"),
        ("Technologietransfer", "Technology Transfer"),
        ("Fachkräftesicherung", "Skills and Talent"),
        ("Veranstaltungen und Kommunikation", "Events and Communications"),
        ("EU-Projekte", "EU Projects"),
    ),
    (
        "Wirtschafts-, Ingenieur- oder Naturwissenschaften",
        "business, engineering or natural sciences",
    ),
    (("Kaufmann für Büromanagement", "Kauffrau für Büromanagement"),),
    ("Duales Studium BWL (B.A.)",),
    (
        (
            "Sie betreuen Mitgliedsunternehmen und bahnen Kooperationsprojekte an",
            "You look after member companies and initiate joint projects",
        ),
        (
            "Sie konzipieren Veranstaltungen, Workshops und Delegationsreisen",
            "You organise events, workshops and delegation trips",
        ),
        (
            "Sie akquirieren Fördermittel und koordinieren Verbundprojekte",
            "You raise funding and coordinate collaborative projects",
        ),
        (
            "Sie verantworten Themen und Kommunikation im Bereich {area}",
            "You own topics and communications in {area}",
        ),
    ),
    (
        "Als Clustermanagement vernetzen wir Unternehmen, Hochschulen und Forschung.",
        "As a cluster management organisation we connect companies, universities and research.",
    ),
    (),
)
del C

GENERIC_TASKS: tuple[Pair, ...] = (
    (
        "Sie arbeiten in interdisziplinären Projektteams mit Partnern aus dem Cluster",
        "You work in interdisciplinary project teams with partners from the cluster",
    ),
    (
        "Sie dokumentieren Ergebnisse und stellen sie intern und bei Kunden vor",
        "You document results and present them internally and to customers",
    ),
    (
        "Sie bringen eigene Ideen zur Verbesserung von Prozessen und Produkten ein",
        "You contribute your own ideas to improve processes and products",
    ),
    (
        "Sie stimmen sich mit Kunden, Lieferanten und Forschungspartnern ab",
        "You coordinate with customers, suppliers and research partners",
    ),
)

BENEFITS: tuple[Pair, ...] = (
    ("30 Tage Urlaub", "30 days of annual leave"),
    ("Betriebliche Altersvorsorge", "Company pension scheme"),
    ("Deutschlandticket als Jobticket", "Deutschlandticket as a job ticket"),
    ("Dienstrad-Leasing", "Bike leasing"),
    (
        "Individuelle Weiterbildung, auch über die Angebote des Clusters",
        "Individual training, including the cluster's own courses",
    ),
    (
        "Ein kollegiales Team mit kurzen Entscheidungswegen",
        "A friendly team with short decision paths",
    ),
    ("Betriebliches Gesundheitsmanagement", "Company health programme"),
    ("Moderne Arbeitsplätze und Ausstattung", "Modern workplaces and equipment"),
    ("Vergütung nach Tarifvertrag", "Pay according to a collective agreement"),
    ("Flexible Arbeitszeiten mit Gleitzeitkonto", "Flexible working hours"),
)

TRAINING_CONTENTS: tuple[Pair, ...] = (
    (
        "Normen, rechtlicher Rahmen und Fördermöglichkeiten",
        "Standards, legal framework and funding options",
    ),
    (
        "Praxisbeispiele aus Mitgliedsunternehmen des Clusters",
        "Case studies from the cluster's member companies",
    ),
    (
        "Übungen in Kleingruppen an realen Fragestellungen",
        "Exercises in small groups on real problems",
    ),
    ("Werkzeuge und Methoden für den Arbeitsalltag", "Tools and methods for everyday work"),
    (
        "Austausch mit Fachleuten und Vernetzung in der Region",
        "Exchange with experts and networking in the region",
    ),
    (
        "Abschlussprojekt mit Rückmeldung der Dozierenden",
        "Final project with feedback from the trainers",
    ),
)

TARGET_GROUPS: tuple[Pair, ...] = (
    (
        "Fach- und Führungskräfte aus der Branche {sector}",
        "Professionals and managers from the {sector} sector",
    ),
    ("Ingenieurinnen, Ingenieure, Technikerinnen und Techniker", "Engineers and technicians"),
    (
        "Beschäftigte kleiner und mittlerer Unternehmen, auch Quereinsteigende",
        "Employees of small and medium-sized enterprises, including career changers",
    ),
    (
        "Berufseinsteigerinnen, Berufseinsteiger und Auszubildende im letzten Jahr",
        "Young professionals and apprentices in their final year",
    ),
    (
        "Projektverantwortliche aus Industrie, Forschung und Verwaltung",
        "Project leads from industry, research and public administration",
    ),
)

PREREQUISITES: tuple[Pair, ...] = (
    ("Keine besonderen Vorkenntnisse erforderlich.", "No prior knowledge required."),
    (
        "Abgeschlossene Berufsausbildung oder abgeschlossenes Studium und erste Berufserfahrung.",
        "Completed vocational training or a degree, and first work experience.",
    ),
    (
        "Grundkenntnisse im Themenfeld und Interesse an der praktischen Anwendung.",
        "Basic knowledge of the field and an interest in practical application.",
    ),
)

CERTIFICATES: tuple[Pair, ...] = (
    ("Teilnahmebescheinigung", "Certificate of attendance"),
    ("Zertifikat nach bestandener Abschlussprüfung", "Certificate after passing the final exam"),
    ("IHK-Zertifikat", "IHK certificate"),
    ("Hochschulzertifikat (5 ECTS)", "University certificate (5 ECTS)"),
    ("TÜV-Zertifikat", "TÜV certificate"),
)

TRAINING_PREFIXES: dict[str, tuple[Pair, ...]] = {
    "on_site": (("Seminar", "Seminar"), ("Praxisworkshop", "Hands-on Workshop"),
                ("Intensivseminar", "Intensive Seminar")),
    "online_live": (("Online-Seminar", "Live Online Training"),
                    ("Webinarreihe", "Webinar Series")),
    "self_paced": (("Online-Kurs", "Online Course"), ("E-Learning", "E-Learning")),
    "blended": (("Weiterbildung", "Blended Learning Course"),
                ("Kompaktkurs", "Compact Course")),
    "long": (("Zertifikatslehrgang", "Certificate Programme"), ("Lehrgang", "Course"),
             ("Qualifizierung", "Qualification Programme")),
}  # fmt: skip
TRAINING_SUFFIXES: tuple[Pair, ...] = (
    ("", ""),
    ("", ""),
    ("", ""),
    (" – Grundlagen", " – Fundamentals"),
    (" – Aufbaukurs", " – Advanced"),
    (" für KMU", " for SMEs"),
    (" für Führungskräfte", " for Managers"),
)

CHANGE_REQUESTS: tuple[Pair, ...] = (
    (
        "Bitte ergänzen Sie eine Gehaltsspanne; die EU-Entgelttransparenzrichtlinie verlangt "
        "Angaben zum Einstiegsgehalt.",
        "Please add a salary range (EU pay transparency).",
    ),
    (
        "Bitte nennen Sie eine Ansprechperson und prüfen Sie den Bewerbungslink: er führt "
        "auf eine Fehlerseite.",
        "Please name a contact person and check the application link.",
    ),
    (
        "Bitte beschreiben Sie die Aufgaben genauer und ergänzen Sie den Arbeitsort.",
        "Please describe the tasks in more detail and add the place of work.",
    ),
)

REJECTIONS: tuple[tuple[str, str], ...] = (
    ("duplicate", "Dieses Angebot ist bereits veröffentlicht (gleicher Titel und Arbeitgeber)."),
    ("not_cluster_related", "Der Arbeitgeber ist kein Mitglied des Clusters; bitte wenden Sie "
     "sich an das Programmbüro, wenn das ein Irrtum ist."),
)  # fmt: skip

FUNDING_NOTES: tuple[Pair, ...] = (
    ("Bildungsgutschein möglich", "Education voucher (Bildungsgutschein) accepted"),
    (
        "Förderung nach dem Qualifizierungschancengesetz möglich",
        "Funding under the Qualifizierungschancengesetz possible",
    ),
    ("Aufstiegs-BAföG möglich", "Aufstiegs-BAföG possible"),
    ("Als Bildungsurlaub anerkannt", "Recognised as educational leave"),
)

# How many postings of each kind and status the set holds.
PLAN: dict[PostingKind, dict[PostingStatus, int]] = {
    PostingKind.VACANCY: {
        S.PUBLISHED: 176,
        S.EXPIRED: 10,
        S.SUBMITTED: 7,
        S.DRAFT: 5,
        S.CHANGES_REQUESTED: 2,
        S.REJECTED: 2,
        S.FILLED: 4,
        S.WITHDRAWN: 2,
        S.REMOVED: 1,
    },
    PostingKind.TRAINING: {
        S.PUBLISHED: 48,
        S.EXPIRED: 3,
        S.SUBMITTED: 2,
        S.DRAFT: 2,
        S.CHANGES_REQUESTED: 1,
        S.REJECTED: 1,
        S.WITHDRAWN: 1,
    },
}

# Vacancy employment types and their weights.
EMPLOYMENT_WEIGHTS: dict[str, int] = {
    "full_time": 56,
    "part_time": 9,
    "working_student": 8,
    "internship": 6,
    "apprenticeship": 10,
    "thesis": 5,
    "freelance": 6,
}
OFFICE_EMPLOYMENT_WEIGHTS: dict[str, int] = {
    "full_time": 6,
    "part_time": 2,
    "working_student": 2,
    "internship": 1,
}


# --- Result -------------------------------------------------------------------------------


@dataclass
class DemoResult:
    """What `load()` created."""

    organisations: int
    laender: int
    sectors: int
    hiring_organisations: int
    users: int
    postings: dict[tuple[PostingKind, PostingStatus], int] = field(default_factory=dict)
    visible: dict[PostingKind, int] = field(default_factory=dict)

    def count(self, kind: PostingKind | None = None, status: PostingStatus | None = None) -> int:
        return sum(
            n
            for (k, s), n in self.postings.items()
            if (kind is None or k == kind) and (status is None or s == status)
        )

    def summary(self) -> str:
        """A human-readable report; lists the demo logins only in demo mode."""
        lines = [
            "Demo data loaded:",
            f"  {self.organisations} cluster organisations in {self.laender} Länder, "
            f"{self.sectors} sectors",
            f"  {self.hiring_organisations} hiring organisations, {self.users} users",
        ]
        for kind, label in (
            (PostingKind.VACANCY, "Vacancies"),
            (PostingKind.TRAINING, "Training offers"),
        ):
            parts = [
                f"{self.postings[(kind, status)]} {status.value}"
                for status in PostingStatus
                if self.postings.get((kind, status))
            ]
            lines.append(f"  {label}: {self.count(kind)} ({', '.join(parts)})")
        lines.append(
            f"  Visible now: {self.visible.get(PostingKind.VACANCY, 0)} vacancies, "
            f"{self.visible.get(PostingKind.TRAINING, 0)} training offers"
        )
        if _demo_mode():
            lines += ["", logins_text()]
        return "\n".join(lines)


def _demo_mode() -> bool:
    return has_app_context() and bool(current_app.config.get("DEMO_MODE"))


def logins_text() -> str:
    """The demo logins (e-mail, password, role). Passwords only in demo mode."""
    show = _demo_mode()
    named = [login for login in LOGINS if login.featured]
    managers = [login for login in LOGINS if not login.featured]
    lines = ["Demo logins:" if show else "Demo logins (passwords are shown in demo mode only):"]
    width = max(len(login.email) for login in named)
    for login in named:
        password = login.password if show else "********"
        org = f"  ({login.organisation})" if login.organisation else ""
        lines.append(f"  {login.email:<{width}}  {password:<30}  {login.role.value}{org}")
    if managers:
        password = ORG_ADMIN_PASSWORD if show else "********"
        lines.append(
            f"  and one org_admin for each of the other {len(managers)} clusters, e.g. "
            f"{managers[0].email}, password {password}"
        )
    return "\n".join(lines)


# --- Loading ------------------------------------------------------------------------------


def load(if_empty: bool = False, now: datetime | None = None) -> DemoResult | None:
    """Load the demo set and commit. With `if_empty`, do nothing (and return None) when the
    database already holds any posting or organisation."""
    now = now or utcnow()
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    has_data = db.session.scalar(select(Organisation.id).limit(1)) is not None or (
        db.session.scalar(select(Posting.id).limit(1)) is not None
    )
    if if_empty and has_data:
        return None
    slugs = [spec.slug for spec in CLUSTERS]
    emails = [login.email for login in LOGINS]
    if db.session.scalar(select(Organisation.id).where(Organisation.slug.in_(slugs)).limit(1)):
        raise DemoError("The demo data is loaded already.")
    if db.session.scalar(select(User.id).where(User.email.in_(emails)).limit(1)):
        raise DemoError("A demo login exists already; the demo data cannot be loaded.")
    builder = _Builder(now.astimezone(UTC))
    result = builder.build()
    db.session.commit()
    result.visible = visible_counts_by_kind(now)
    return result


def slugify(text: str) -> str:
    text = text.lower().replace("ß", "ss").replace("ı", "i")
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        text = text.replace(umlaut, plain)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _company_slug(name: str) -> str:
    stem = re.sub(r"\b(GmbH & Co\. KG|gGmbH|GmbH|AG|e\.V\.|eG|Vertriebs-GmbH)$", "", name)
    return slugify(stem)[:40].strip("-")


def _money(value: float, step: int) -> Decimal:
    return Decimal(int(round(value / step) * step))


@dataclass
class _Poster:
    """Who posts for a cluster, and in whose name."""

    organisation: Organisation
    spec: ClusterSpec
    users: list[User]
    hiring: list[tuple[HiringOrganisation, MemberSpec, str | None]]  # with street
    street: str


@dataclass
class _Step:
    status: PostingStatus
    at: datetime
    actor: User | None
    reason_code: str | None = None
    message: str | None = None


class _Builder:
    def __init__(self, now: datetime):
        # Not for security: a fixed seed makes the demo set reproducible.
        self.rng = random.Random(SEED)  # noqa: S311
        self.now = now
        self.today = now.astimezone(BERLIN).date()
        self.titles: set[str] = set()
        self.moderators: list[User] = []
        self.posters: list[_Poster] = []

    # --- organisations and users ---------------------------------------------------------

    def build(self) -> DemoResult:
        self._organisations()
        plan = self._plan()
        postings: list[tuple[Posting, list[_Step]]] = []
        for kind, status, poster in plan:
            if kind == PostingKind.VACANCY:
                postings.append(self._vacancy(poster, status))
            else:
                postings.append(self._training(poster, status))
        # Oldest first, so that ids follow the order of creation.
        order = sorted(range(len(postings)), key=lambda i: (postings[i][1][0].at, i))
        for i in order:
            posting, steps = postings[i]
            first = steps[0]
            posting.created_at = first.at
            workflow.create(posting, first.actor, status=first.status, now=first.at)
        db.session.flush()  # the workflow tells new postings from stored ones by their id
        for i in order:
            posting, steps = postings[i]
            for step in steps[1:]:
                workflow._move(
                    posting,
                    step.status,
                    step.actor,
                    reason_code=step.reason_code,
                    message=step.message,
                    now=step.at,
                )
            posting.updated_at = steps[-1].at
        db.session.flush()

        counts = Counter((p.kind, p.status) for p, _ in postings)
        sectors = {s for p, _ in postings for s in p.sectors}
        sectors |= {s for poster in self.posters for s in poster.organisation.sectors}
        return DemoResult(
            organisations=len(self.posters),
            laender=len({poster.organisation.land for poster in self.posters}),
            sectors=len(sectors),
            hiring_organisations=sum(len(poster.hiring) for poster in self.posters),
            users=len(LOGINS),
            postings=dict(counts),
        )

    def _past(self, days_ago: float) -> datetime:
        """A moment in working hours about `days_ago` days before now, never after it."""
        rng = self.rng
        local = (self.now - timedelta(days=days_ago)).astimezone(BERLIN)
        moment = local.replace(
            hour=rng.randint(7, 17), minute=rng.randint(0, 59), second=rng.randint(0, 59),
            microsecond=0,
        ).astimezone(UTC)  # fmt: skip
        if moment >= self.now:
            moment = self.now - timedelta(minutes=rng.randint(10, 180))
        return moment

    def _organisations(self) -> None:
        rng = self.rng
        hashes = {
            password: hash_password(password)
            for password in sorted({login.password for login in LOGINS})
        }
        for login in LOGINS:
            if login.organisation is None:
                user = self._user(login, None, hashes)
                self.moderators.append(user)
        by_slug: dict[str, _Poster] = {}
        for spec in CLUSTERS:
            region = PLACES[spec.city][1]
            assert taxonomy.land_of(region) == spec.land, spec.key
            members = rng.randint(45, 240)
            themes = "\n".join(f"- {theme}" for theme in spec.themes)
            org = Organisation(
                name=spec.name,
                slug=spec.slug,
                website=f"https://{spec.slug}.example.org",
                description=(
                    f"{spec.intro}\n\n"
                    f"Im Netzwerk arbeiten {members} Mitglieder – Unternehmen, Hochschulen, "
                    f"Forschungseinrichtungen und Kammern – zusammen.\n\n"
                    f"## Schwerpunkte\n\n{themes}\n\n"
                    "Wir unterstützen unsere Mitglieder bei Fachkräftegewinnung, Weiterbildung, "
                    "Förderanträgen und Technologietransfer."
                ),
                land=spec.land,
                city=spec.city,
                trust_level=TrustLevel.TRUSTED if spec.trusted else TrustLevel.STANDARD,
                created_at=self._past(rng.uniform(300, 700)),
            )
            org.updated_at = org.created_at
            org.sectors = list(spec.sectors)
            db.session.add(org)
            hiring = []
            for member in spec.members:
                h = HiringOrganisation(
                    publisher=org,
                    name=member.name,
                    website=f"https://{_company_slug(member.name)}.example.com",
                )
                street = (
                    f"{rng.choice(STREETS)} {rng.randint(1, 120)}" if rng.random() < 0.7 else None
                )
                db.session.add(h)
                hiring.append((h, member, street))
            street = f"{rng.choice(STREETS)} {rng.randint(1, 60)}"
            by_slug[spec.slug] = _Poster(org, spec, [], hiring, street)
            self.posters.append(by_slug[spec.slug])
        for login in LOGINS:
            if login.organisation is not None:
                poster = by_slug[login.organisation]
                poster.users.append(self._user(login, poster.organisation, hashes))

    def _user(
        self, login: DemoLogin, organisation: Organisation | None, hashes: dict[str, str]
    ) -> User:
        created = self._past(self.rng.uniform(120, 400))
        user = User(
            email=login.email,
            name=login.name,
            password_hash=hashes[login.password],
            role=login.role,
            organisation=organisation,
            language=login.language,
            created_at=created,
            updated_at=created,
            last_login_at=self._past(self.rng.uniform(0, 20)),
        )
        db.session.add(user)
        return user

    # --- the plan ------------------------------------------------------------------------

    def _plan(self) -> list[tuple[PostingKind, PostingStatus, _Poster]]:
        """(kind, final status, cluster) for every posting. Every cluster gets at least
        four published vacancies and one published training offer. Postings of trusted
        clusters are published at once, so only the others wait in (or fail) moderation."""
        rng = self.rng
        entries: list[tuple[PostingKind, PostingStatus]] = [
            (kind, status) for kind, plan in PLAN.items() for status, n in plan.items()
            for _ in range(n)
        ]  # fmt: skip
        rng.shuffle(entries)
        guaranteed: dict[PostingKind, int] = {PostingKind.VACANCY: 4, PostingKind.TRAINING: 1}
        plan: list[tuple[PostingKind, PostingStatus, _Poster]] = []
        for poster in self.posters:
            for kind, n in guaranteed.items():
                for _ in range(n):
                    entries.remove((kind, S.PUBLISHED))
                    plan.append((kind, S.PUBLISHED, poster))
        reviewed = [poster for poster in self.posters if not poster.spec.trusted]
        for kind, status in entries:
            moderated = status in (S.SUBMITTED, S.CHANGES_REQUESTED, S.REJECTED)
            candidates = reviewed if moderated else self.posters
            weights = [poster.spec.weight for poster in candidates]
            plan.append((kind, status, rng.choices(candidates, weights)[0]))
        return plan

    # --- common parts --------------------------------------------------------------------

    def _who(self, poster: _Poster, cluster_share: float):
        """The hiring organisation (None: the cluster), its member spec and its place."""
        rng = self.rng
        if rng.random() < cluster_share:
            return None, None, poster.spec.city, poster.street
        h, member, street = rng.choice(poster.hiring)
        if rng.random() < 0.12:  # another site of the company, near the cluster
            land = poster.spec.land
            nearby = [c for c, (_, r) in PLACES.items() if taxonomy.land_of(r) == land]
            return h, member, rng.choice(nearby), None
        return h, member, member.city, street

    def _sectors(self, poster: _Poster, primary: str) -> list[str]:
        rng = self.rng
        sectors = [primary]
        others = [s for s in poster.spec.sectors if s != primary]
        if others and rng.random() < 0.45:
            sectors.append(rng.choice(others))
            if rng.random() < 0.2:
                outside = [s for s in taxonomy.SECTORS.codes if s not in sectors]
                sectors.append(rng.choice(outside))
        return sectors

    def _contact(self, domain: str, land: str) -> dict:
        rng = self.rng
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        local = slugify(f"{first}.{last}").replace("-", ".")
        phone = None
        if rng.random() < 0.45:
            phone = f"{PHONE_PREFIX[land]} {rng.randint(0, 999):03d}"
        return {
            "contact_name": f"{first} {last}",
            "contact_email": f"{local}@{domain}",
            "contact_phone": phone,
        }

    def _timeline(
        self, poster: _Poster, status: PostingStatus, kind: PostingKind
    ) -> tuple[list[_Step], datetime | None]:
        """The workflow steps to reach `status`, and the publication time if any."""
        rng = self.rng
        author = rng.choice(poster.users)
        moderator = rng.choice(self.moderators)
        trusted = poster.spec.trusted
        lifetime = 45 if kind == PostingKind.VACANCY else 55

        def created_before(moment: datetime) -> list[_Step]:
            if rng.random() < 0.3:  # saved as a draft first
                created = moment - timedelta(hours=rng.uniform(2, 72))
                return [_Step(S.DRAFT, created, author), _Step(S.SUBMITTED, moment, author)]
            return [_Step(S.SUBMITTED, moment, author)]

        def published(days_ago_low: float, days_ago_high: float) -> tuple[list[_Step], datetime]:
            pub = self._past(rng.uniform(days_ago_low, days_ago_high))
            if trusted:  # trusted organisations publish at once; review comes afterwards
                # (a second apart: the audit trail is ordered by time alone)
                submitted = pub - timedelta(seconds=1)
                return [*created_before(submitted), _Step(S.PUBLISHED, pub, None)], pub
            submitted = pub - timedelta(hours=rng.uniform(1.5, 50))
            return [*created_before(submitted), _Step(S.PUBLISHED, pub, moderator)], pub

        if status == S.PUBLISHED:
            return published(0.05, lifetime)
        if status == S.EXPIRED:
            return published(70, 115)  # the expiry step is added once the dates are known
        if status in (S.FILLED, S.WITHDRAWN, S.REMOVED):
            steps, pub = published(12, 40)
            later = pub + (self.now - pub) * rng.uniform(0.3, 0.9)
            if status == S.REMOVED:
                steps.append(
                    _Step(S.REMOVED, later, moderator, "report_confirmed",
                          "Nach einer Meldung geprüft: Die Stelle ist beim Arbeitgeber nicht "
                          "mehr ausgeschrieben.")
                )  # fmt: skip
            elif status == S.WITHDRAWN and not trusted and rng.random() < 0.5:
                # withdrawn while waiting for review
                steps = created_before(self._past(rng.uniform(3, 9)))
                steps.append(_Step(S.WITHDRAWN, self._past(rng.uniform(0.2, 2)), author))
                return steps, None
            else:
                steps.append(_Step(status, later, author))
            return steps, pub
        if status == S.DRAFT:
            return [_Step(S.DRAFT, self._past(rng.uniform(0.1, 14)), author)], None
        submitted = self._past(rng.uniform(0.05, 7))
        if status == S.SUBMITTED:
            if rng.random() < 0.2:  # a second round after a change request
                first = submitted - timedelta(days=rng.uniform(2, 5))
                message = rng.choice(CHANGE_REQUESTS)[0]
                return [
                    *created_before(first),
                    _Step(S.CHANGES_REQUESTED, first + timedelta(hours=20), moderator,
                          message=message),
                    _Step(S.SUBMITTED, submitted, author),
                ], None  # fmt: skip
            return created_before(submitted), None
        submitted = self._past(rng.uniform(3, 12))
        decided = submitted + timedelta(hours=rng.uniform(3, 40))
        if status == S.CHANGES_REQUESTED:
            message = rng.choice(CHANGE_REQUESTS)[0]
            return [
                *created_before(submitted),
                _Step(S.CHANGES_REQUESTED, decided, moderator, message=message),
            ], None
        if status == S.REJECTED:
            code, message = rng.choice(REJECTIONS)
            return [
                *created_before(submitted),
                _Step(S.REJECTED, decided, moderator, code, message),
            ], None
        raise ValueError(status)

    def _unique(self, make):
        """`make()` -> (title, details), retried a few times for a title not used yet."""
        for _ in range(12):
            made = make()
            if made[0] not in self.titles:
                break
        self.titles.add(made[0])
        return made

    # --- vacancies -----------------------------------------------------------------------

    def _vacancy(self, poster: _Poster, status: PostingStatus) -> tuple[Posting, list[_Step]]:
        rng = self.rng
        steps, pub = self._timeline(poster, status, PostingKind.VACANCY)
        h, member, city, street = self._who(poster, cluster_share=0.1)
        primary = member.sector if member else poster.spec.sectors[0]
        content = CONTENT[primary] if member else OFFICE
        weights = EMPLOYMENT_WEIGHTS if member else OFFICE_EMPLOYMENT_WEIGHTS
        etype = rng.choices(list(weights), list(weights.values()))[0]
        english = etype != "apprenticeship" and rng.random() < 0.15
        lang = "en" if english else "de"
        li = 1 if english else 0
        if etype in ("full_time", "part_time"):
            level = rng.choices(
                ["entry", "professional", "senior", "management"], [20, 50, 20, 10]
            )[0]
        elif etype == "freelance":
            level = rng.choice(["professional", "senior"])
        else:
            level = "entry"
        areas = content.areas
        if not member:
            areas = areas + CONTENT[primary].areas[:3]
        fem = rng.random() < 0.3
        year = self._apprenticeship_year(pub)

        def title() -> tuple[str, Pair]:
            role = rng.choice(content.roles)
            area = rng.choice(areas)
            for _ in range(6):  # no "Data Scientist Data Science"
                if area[0].split()[0].lower()[:6] not in role[0].lower():
                    break
                area = rng.choice(areas)
            if english:
                return _title_en(rng, etype, level, role[2], area[1]), area
            name = role[1] if fem else role[0]
            return _title_de(rng, etype, level, name, area[0], content, year, fem), area

        title_text, area = self._unique(title)
        postcode, region = PLACES[city]
        land = taxonomy.land_of(region)
        if etype == "apprenticeship":
            remote = "on_site"
        else:
            remote_weights = [40, 45, 15] if primary == "digital" else [55, 38, 7]
            remote = rng.choices(["on_site", "hybrid", "remote"], remote_weights)[0]
        nationwide = remote == "remote" and rng.random() < 0.7
        contract = self._contract(etype)
        salary = self._salary(etype, level, primary)
        # Dates of postings that are (or will be) current count from today, the others
        # from when they were published or last changed.
        current = status in (S.PUBLISHED, S.SUBMITTED, S.DRAFT, S.CHANGES_REQUESTED)
        ref = self.today if current else (pub or steps[-1].at).astimezone(BERLIN).date()
        start = self._start_date(etype, ref, year)
        deadline = self._application_deadline(status, etype, ref)
        openings = (
            rng.randint(2, 4) if etype == "apprenticeship" else
            rng.choice([1, 1, 1, 2]) if etype in ("working_student", "internship") else
            rng.choices([1, 2, 3], [85, 12, 3])[0]
        )  # fmt: skip
        domain = f"{_company_slug(h.name)}.example.com" if h else f"{poster.spec.slug}.example.org"
        contact = self._contact(domain, land)
        apply_url, apply_email = self._apply(domain, "karriere", "bewerbung", title_text)
        description = _vacancy_description(
            rng,
            lang=li,
            content=content,
            area=area,
            hiring=h.name if h else None,
            cluster=poster.spec.name,
            city=city,
            etype=etype,
            level=level,
            contract=contract,
            remote=remote,
            start=start,
            deadline=deadline,
            contact=contact["contact_name"],
            apply_url=apply_url,
            apply_email=apply_email,
        )
        vacancy = Vacancy(
            organisation=poster.organisation,
            hiring_organisation=h,
            created_by=steps[0].actor,
            title=title_text,
            description=description,
            language=lang,
            street=street,
            postcode=postcode,
            city=city,
            region=region,
            nationwide=nationwide,
            apply_url=apply_url,
            apply_email=apply_email,
            employment_type=etype,
            contract_type=contract,
            remote_mode=remote,
            career_level=level,
            start_date=start,
            application_deadline=deadline,
            openings=openings,
            **salary,
            **contact,
        )
        vacancy.sectors = self._sectors(poster, primary)
        if status == S.EXPIRED:
            steps.append(self._expiry_step(vacancy, pub))
        return vacancy, steps

    def _apprenticeship_year(self, pub: datetime | None) -> int:
        ref = (pub or self.now).astimezone(BERLIN).date()
        return ref.year if ref.month < 6 else ref.year + 1

    def _contract(self, etype: str) -> str:
        if etype in ("full_time", "part_time"):
            return "permanent" if self.rng.random() < 0.78 else "fixed_term"
        return "fixed_term"

    def _salary(self, etype: str, level: str, sector: str) -> dict:
        rng = self.rng
        if rng.random() < 0.12 and etype not in ("apprenticeship", "working_student"):
            return {"salary_min": None, "salary_max": None, "salary_period": None}
        factor = {"digital": 1.08, "tourism": 0.8, "retail": 0.85, "proximity-social": 0.88}.get(
            sector, 1.0
        )
        if etype == "full_time":
            base = {"entry": 46000, "professional": 56000, "senior": 70000, "management": 86000}
            low = base[level] * factor * rng.uniform(0.92, 1.08)
            high = low * rng.uniform(1.12, 1.3)
            return _range(low, high, 1000, "year")
        if etype == "part_time":
            low = 2600 * factor * rng.uniform(0.9, 1.2)
            return _range(low, low * rng.uniform(1.1, 1.25), 50, "month")
        if etype == "working_student":
            low = rng.uniform(14, 17)
            return _range(low, low + rng.choice([1, 2, 3]), 0.5, "hour")
        if etype == "internship":
            low = rng.uniform(1300, 1900)  # at least the minimum wage for longer internships
            return _range(low, low + rng.choice([0, 100, 200]), 50, "month")
        if etype == "apprenticeship":
            low = rng.uniform(1000, 1250)
            return _range(low, low + rng.uniform(150, 300), 10, "month")
        if etype == "thesis":
            low = rng.uniform(600, 900)
            return _range(low, low, 50, "month")
        low = rng.uniform(65, 95)  # freelance
        return _range(low, low + rng.choice([10, 15, 20]), 5, "hour")

    def _start_date(self, etype: str, ref: date, year: int) -> date | None:
        rng = self.rng
        if etype == "apprenticeship":
            return date(year, rng.choice([8, 9]), 1)
        if etype in ("thesis", "working_student") or rng.random() < 0.35:
            return None  # as soon as possible
        target = ref + timedelta(days=rng.randint(30, 110))
        return date(target.year, target.month, 1) + timedelta(days=rng.choice([0, 0, 14]))

    def _application_deadline(self, status: PostingStatus, etype: str, ref: date) -> date | None:
        """Some vacancies have one; a visible vacancy's lies at least 16 days ahead, an
        expired one's well in the past."""
        rng = self.rng
        if rng.random() > (0.7 if etype == "apprenticeship" else 0.28):
            return None
        if status == S.EXPIRED:
            return ref + timedelta(days=rng.randint(20, 50))
        return ref + timedelta(days=rng.randint(16, 70))

    def _apply(self, domain: str, path: str, mailbox: str, title: str) -> tuple:
        rng = self.rng
        url = f"https://{domain}/{path}/{slugify(title)[:60].strip('-')}"
        email = f"{mailbox}@{domain}"
        pick = rng.random()
        if pick < 0.55:
            return url, None
        if pick < 0.85:
            return None, email
        return url, email

    def _expiry_step(self, posting: Posting, pub: datetime | None) -> _Step:
        """Expiry by the nightly lifecycle job, a little after the posting ran out."""
        assert pub is not None
        expires = workflow.expiry_for(posting, pub)
        at = expires + timedelta(hours=self.rng.uniform(1, 20))
        assert at < self.now, "an expired posting must be past its expiry"
        return _Step(S.EXPIRED, at, None)

    # --- training offers -----------------------------------------------------------------

    def _training(self, poster: _Poster, status: PostingStatus) -> tuple[Posting, list[_Step]]:
        rng = self.rng
        steps, pub = self._timeline(poster, status, PostingKind.TRAINING)
        h, member, city, street = self._who(poster, cluster_share=0.4)
        primary = member.sector if member else rng.choice(poster.spec.sectors)
        content = CONTENT[primary]
        english = rng.random() < 0.1
        li = 1 if english else 0
        fmt = rng.choices(["on_site", "online_live", "self_paced", "blended"], [40, 25, 10, 25])[0]
        if fmt == "self_paced":
            schedule, unit, value = "part_time", "hours", rng.choice([8, 12, 16, 20, 30])
        elif fmt == "blended" or rng.random() < 0.3:
            schedule, unit, value = "part_time", "days", rng.choice([3, 4, 5, 6, 8, 10, 12, 20])
        else:
            schedule, unit, value = "full_time", "hours", rng.choice([4, 8, 8, 16, 16, 24])
        prefixes = TRAINING_PREFIXES["long" if unit == "days" and value >= 5 else fmt]

        def title() -> tuple[str, Pair]:
            topic = rng.choice(content.topics)
            prefix = rng.choice(prefixes)[li]
            suffix = rng.choice(TRAINING_SUFFIXES)[li]
            if " für " in topic[0] or " for " in topic[1]:
                suffix = ""  # no "... für KMU für Führungskräfte"
            return f"{prefix}: {topic[li]}{suffix}", topic

        title_text, topic = self._unique(title)
        free = rng.random() < 0.3
        price = None
        if not free:
            per_unit = rng.uniform(35, 60) if unit == "hours" else rng.uniform(220, 420)
            price = _money(min(per_unit * value, 4800), 10)
        funding = not free and value >= (3 if unit == "days" else 16) and rng.random() < 0.7
        funding_note = None
        if funding:
            notes = list(FUNDING_NOTES)
            if poster.spec.land == "DEA":
                notes.append(("Bildungsscheck NRW möglich", "Bildungsscheck NRW accepted"))
            funding_note = rng.choice(notes)[li]
        if unit == "days" and value >= 5:
            certificate = rng.choice(CERTIFICATES[1:])
        else:
            certificate = rng.choice(CERTIFICATES[:2])
        sector_label = taxonomy.SECTORS[primary]
        target = rng.choice(TARGET_GROUPS)[li].format(
            sector=sector_label.en if english else sector_label.de
        )
        prereq = rng.choice(PREREQUISITES)[li]
        if fmt in ("online_live", "self_paced"):
            prereq += (
                " A laptop with a current browser and a headset."
                if english
                else " Ein Laptop mit aktuellem Browser und ein Headset."
            )
        runs, deadline = self._runs(status, pub, steps, schedule, unit, value, fmt, city, li)
        postcode, region = PLACES[city]
        land = taxonomy.land_of(region)
        domain = f"{_company_slug(h.name)}.example.com" if h else f"{poster.spec.slug}.example.org"
        contact = self._contact(domain, land)
        apply_url, apply_email = self._apply(domain, "weiterbildung", "anmeldung", title_text)
        if fmt == "self_paced":
            low, high = None, None
        else:
            low = rng.choice([4, 5, 6, 8])
            high = (
                rng.choice([12, 14, 16, 20, 24])
                if fmt != "online_live"
                else rng.choice([20, 25, 30])
            )
        description = _training_description(
            rng,
            lang=li,
            topic=topic[li],
            provider=h.name if h else None,
            cluster=poster.spec.name,
            fmt=fmt,
            unit=unit,
            value=value,
            certificate=certificate[li],
            price=price,
            funding_note=funding_note,
            target=target,
            prereq=prereq,
            runs=runs,
        )
        offer = TrainingOffer(
            organisation=poster.organisation,
            hiring_organisation=h,
            created_by=steps[0].actor,
            title=title_text,
            description=description,
            language="en" if english else "de",
            street=street if fmt != "self_paced" else None,
            postcode=postcode,
            city=city,
            region=region,
            nationwide=fmt in ("online_live", "self_paced"),
            apply_url=apply_url,
            apply_email=apply_email,
            training_format=fmt,
            schedule=schedule,
            duration_value=value,
            duration_unit=unit,
            is_free=free,
            price_eur=price,
            funding_eligible=funding,
            funding_note=funding_note,
            certificate=certificate[li],
            target_group=target,
            prerequisites=prereq,
            registration_deadline=deadline,
            min_participants=low,
            max_participants=high,
            **contact,
        )
        offer.runs = runs
        offer.sectors = self._sectors(poster, primary)
        if status == S.EXPIRED:
            steps.append(self._expiry_step(offer, pub))
        return offer, steps

    def _runs(
        self,
        status: PostingStatus,
        pub: datetime | None,
        steps: list[_Step],
        schedule: str,
        unit: str,
        value: int,
        fmt: str,
        city: str,
        li: int,
    ) -> tuple[list[TrainingRun], date | None]:
        """1-3 runs in date order and the registration deadline (or None)."""
        rng = self.rng
        count = rng.choices([1, 2, 3], [55, 30, 15])[0]
        with_deadline = rng.random() < (0.75 if count == 1 else 0.3)
        deadline = None
        if status == S.EXPIRED:
            ref = (pub or self.now).astimezone(BERLIN).date()
            deadline = ref + timedelta(days=rng.randint(14, 35))
            first = deadline + timedelta(days=rng.randint(5, 21))
            with_deadline = True
        elif status in (S.PUBLISHED, S.SUBMITTED, S.DRAFT, S.CHANGES_REQUESTED):
            if with_deadline:
                deadline = self.today + timedelta(days=rng.randint(18, 90))
                first = deadline + timedelta(days=rng.randint(5, 21))
            else:
                first = self.today + timedelta(days=rng.randint(21, 80))
        else:
            ref = steps[-1].at.astimezone(BERLIN).date()
            deadline = ref + timedelta(days=rng.randint(14, 40))
            first = deadline + timedelta(days=rng.randint(5, 21))
        runs = []
        start = _next_weekday(first)
        for n in range(count):
            if fmt == "self_paced":
                end = start + timedelta(weeks=rng.choice([8, 12]))
            elif schedule == "full_time":
                end = start + timedelta(days=max(math.ceil(value / 8), 1) - 1)
            else:
                end = start + timedelta(weeks=rng.randint(3, 10))
            runs.append(
                TrainingRun(start_date=start, end_date=end, note=_run_note(fmt, city, n, li))
            )
            start = _next_weekday(end + timedelta(days=rng.randint(21, 70)))
        return runs, deadline if with_deadline else None


# --- Text ---------------------------------------------------------------------------------


def _range(low: float, high: float, step: float, period: str) -> dict:
    def rounded(value: float) -> Decimal:
        return Decimal(str(round(round(value / step) * step, 2)))

    low_d, high_d = rounded(low), rounded(high)
    return {"salary_min": low_d, "salary_max": max(low_d, high_d), "salary_period": period}


def _next_weekday(day: date) -> date:
    """`day`, or the Monday after it if it falls on a weekend."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _run_note(fmt: str, city: str, n: int, li: int) -> str:
    label = ("Durchführung", "Run")[li] + f" {'ABC'[n]}"
    where = {
        "on_site": (f"in {city}", f"in {city}"),
        "online_live": ("online per Videokonferenz", "online via video conference"),
        "self_paced": ("Lernplattform, freie Zeiteinteilung", "learning platform, own pace"),
        "blended": (f"Präsenztage in {city}, sonst online", f"classroom days in {city}, "
                    "otherwise online"),
    }[fmt][li]  # fmt: skip
    return f"{label}: {where}"


def _title_de(rng, etype, level, role, area, content, year, fem) -> str:
    if etype == "apprenticeship":
        if content.dual_studies and rng.random() < 0.3:
            return f"{rng.choice(content.dual_studies)} (m/w/d)"
        masc, femi = rng.choice(content.apprenticeships)
        form = rng.random()
        if form < 0.55:
            text = f"Ausbildung {masc} (m/w/d)"
        elif form < 0.8:
            text = f"Ausbildung zum {masc} (m/w/d)"
        else:
            text = f"Ausbildung zur {femi} (m/w/d)"
        return f"{text} – Start {year}" if rng.random() < 0.35 else text
    if etype == "working_student":
        return f"{'Werkstudentin' if fem else 'Werkstudent'} {area} (m/w/d)"
    if etype == "internship":
        return rng.choice(
            [f"Praktikum {area} (m/w/d)", f"Praktikum im Bereich {area} (m/w/d)",
             f"Pflichtpraktikum {area} (m/w/d)"]
        )  # fmt: skip
    if etype == "thesis":
        return rng.choice(
            [f"Masterarbeit {area} (m/w/d)", f"Bachelorarbeit im Bereich {area} (m/w/d)",
             f"Abschlussarbeit (Bachelor/Master) {area} (m/w/d)"]
        )  # fmt: skip
    if etype == "freelance":
        free = "Freiberufliche" if fem else "Freiberuflicher"
        return f"{free} {role} {area} (m/w/d)" if rng.random() < 0.5 else (
            f"Freelancer {area} (m/w/d) – Projekteinsatz"
        )  # fmt: skip
    if level == "management":
        lead = rng.choice(
            [
                "Teamleiterin" if fem else "Teamleiter",
                "Leitung",
                "Abteilungsleiterin" if fem else "Abteilungsleiter",
            ]
        )
        text = f"{lead} {area} (m/w/d)"
    else:
        name = f"Senior {role}" if level == "senior" else role
        pattern = rng.random()
        if pattern < 0.5:
            text = f"{name} {area} (m/w/d)"
        elif pattern < 0.8:
            text = f"{name} (m/w/d) im Bereich {area}"
        else:
            text = f"{name} mit Schwerpunkt {area} (m/w/d)"
    if level == "entry" and rng.random() < 0.4:
        text = f"Junior {text}"
    return f"{text} – Teilzeit" if etype == "part_time" else text


def _title_en(rng, etype, level, role, area) -> str:
    if etype == "working_student":
        return f"Working Student {area} (m/f/d)"
    if etype == "internship":
        return f"Internship {area} (m/f/d)"
    if etype == "thesis":
        return f"Master's Thesis: {area} (m/f/d)"
    if etype == "freelance":
        return f"Freelance {role} – {area} (m/f/d)"
    if level == "management":
        text = f"{rng.choice(['Head of', 'Team Lead'])} {area} (m/f/d)"
    else:
        prefix = {"entry": "Junior ", "senior": "Senior "}.get(level, "")
        text = f"{prefix}{role} – {area} (m/f/d)"
    return f"{text}, part-time" if etype == "part_time" else text


def _fmt_date(day: date, li: int) -> str:
    return day.strftime("%d.%m.%Y") if li == 0 else day.isoformat()


def _vacancy_description(rng, *, lang, content, area, hiring, cluster, city, etype, level,
                         contract, remote, start, deadline, contact, apply_url,
                         apply_email) -> str:  # fmt: skip
    li = lang
    a = area[li]
    tasks = [t[li].format(area=a) for t in rng.sample(content.tasks, 3)]
    tasks.append(rng.choice(GENERIC_TASKS)[li])
    if etype == "apprenticeship":
        tasks = [
            (
                "Sie lernen alle Abteilungen und Fertigungsschritte kennen",
                "You get to know every department",
            )[li],
            (
                "Sie arbeiten von Anfang an in echten Projekten mit",
                "You work on real projects from day one",
            )[li],
            (
                "Berufsschule und Ausbildungswerkstatt vermitteln Ihnen die Grundlagen",
                "Vocational school and our training workshop teach you the basics",
            )[li],
        ]
    profile = []
    if etype == "apprenticeship":
        profile.append(
            (
                "Guter Haupt- oder Realschulabschluss, Fachabitur oder Abitur",
                "A good school leaving certificate",
            )[li]
        )
        profile.append(
            (
                "Interesse an Technik und Freude an der Arbeit im Team",
                "Interest in technology and team work",
            )[li]
        )
    elif etype in ("working_student", "internship", "thesis"):
        profile.append(
            (
                f"Eingeschriebenes Studium der Fachrichtung {content.studies[0]}",
                f"Enrolled in {content.studies[1]}",
            )[li]
        )
        profile.append(
            (
                f"Erstes Wissen und großes Interesse im Bereich {a}",
                f"First knowledge of and strong interest in {a}",
            )[li]
        )
    else:
        profile.append(
            (
                f"Abgeschlossenes Studium der Fachrichtung {content.studies[0]} oder "
                "eine vergleichbare Qualifikation",
                f"A degree in {content.studies[1]} or a comparable qualification",
            )[li]
        )
        profile.append(
            {
                "entry": (
                    "Erste praktische Erfahrung, z. B. aus Praktika oder der Abschlussarbeit",
                    "First practical experience, e.g. from internships or your thesis",
                ),
                "professional": (
                    f"Mehrjährige Berufserfahrung im Bereich {a}",
                    f"Several years of experience in {a}",
                ),
                "senior": (
                    f"Mindestens fünf Jahre Erfahrung im Bereich {a}, gern mit fachlicher Führung",
                    f"At least five years of experience in {a}, ideally leading others technically",
                ),
                "management": (
                    "Erfahrung in der Führung von Teams und Budgets",
                    "Experience in leading teams and budgets",
                ),
            }[level][li]
        )
    profile.append(
        ("Sehr gute Deutsch- und gute Englischkenntnisse", "Fluent English; German is a plus")[li]
    )
    profile.append(
        (
            "Selbstständige, strukturierte Arbeitsweise und Teamgeist",
            "An independent, structured way of working and team spirit",
        )[li]
    )
    benefits = [b[li] for b in rng.sample(BENEFITS, 4)]
    if remote == "hybrid":
        benefits.insert(
            0,
            (
                "Mobiles Arbeiten an bis zu drei Tagen pro Woche",
                "Work from home up to three days a week",
            )[li],
        )
    elif remote == "remote":
        benefits.insert(
            0,
            (
                "Vollständig remote, mit Teamtreffen einmal im Quartal",
                "Fully remote, with team meetups once a quarter",
            )[li],
        )
    if etype == "apprenticeship":
        benefits.insert(
            0,
            (
                "Übernahme nach erfolgreichem Abschluss angestrebt",
                "We aim to keep you on after you qualify",
            )[li],
        )

    if li == 0:
        when = f"zum {_fmt_date(start, 0)}" if start else "zum nächstmöglichen Zeitpunkt"
        head = (
            f"**{hiring}** · {city} · Mitglied im Netzwerk „{cluster}“"
            if hiring
            else f"**{cluster}** · {city} · Clustermanagement"
        )
        lead = f"{content.about[0]} Wir suchen {when} Verstärkung für unser Team."
        if contract == "fixed_term" and etype in ("full_time", "part_time"):
            lead += f" Die Stelle ist zunächst auf {rng.choice([12, 18, 24])} Monate befristet."
        if etype == "part_time":
            lead += f" Der Umfang beträgt {rng.choice([20, 25, 30])} Stunden pro Woche."
        how = "über unser Online-Formular" if apply_url else f"per E-Mail an {apply_email}"
        close = f"Wir freuen uns auf Ihre Bewerbung {how}"
        close += f" bis zum {_fmt_date(deadline, 0)}." if deadline else "."
        close += f" Fragen beantwortet Ihnen gern {contact}."
        titles = ("Ihre Aufgaben", "Ihr Profil", "Wir bieten")
    else:
        when = f"from {_fmt_date(start, 1)}" if start else "as soon as possible"
        head = (
            f"**{hiring}** · {city} · member of the {cluster} network"
            if hiring
            else f"**{cluster}** · {city} · cluster management"
        )
        lead = f"{content.about[1]} We are looking for support for our team {when}."
        if contract == "fixed_term" and etype in ("full_time", "part_time"):
            lead += f" The position is initially limited to {rng.choice([12, 18, 24])} months."
        if etype == "part_time":
            lead += f" The position is {rng.choice([20, 25, 30])} hours per week."
        how = "through our online form" if apply_url else f"by e-mail to {apply_email}"
        close = f"We look forward to your application {how}"
        close += f" by {_fmt_date(deadline, 1)}." if deadline else "."
        close += f" {contact} is happy to answer your questions."
        titles = ("Your tasks", "Your profile", "What we offer")
    sections = [head, lead]
    for heading, items in zip(titles, (tasks, profile, benefits), strict=True):
        sections.append(f"## {heading}\n\n" + "\n".join(f"- {item}" for item in items))
    sections.append(close)
    return "\n\n".join(sections)


def _training_description(rng, *, lang, topic, provider, cluster, fmt, unit, value, certificate,
                          price, funding_note, target, prereq, runs) -> str:  # fmt: skip
    li = lang
    contents = [
        ("Grundlagen und aktueller Stand: ", "Fundamentals and state of the art: ")[li] + topic
    ]
    contents += [c[li] for c in rng.sample(TRAINING_CONTENTS, rng.randint(3, 4))]
    fmt_label = taxonomy.TRAINING_FORMATS[fmt]
    unit_label = taxonomy.DURATION_UNITS[unit]
    if li == 0:
        cost = "kostenfrei (gefördert)" if price is None else f"{price:,.0f} € (umsatzsteuerfrei)"
        cost = cost.replace(",", ".")
        who = (
            f"**{provider}** bietet im Netzwerk „{cluster}“"
            if provider
            else f"**{cluster}** bietet"
        )
        lead = (
            f"{who} diese Weiterbildung zum Thema **{topic}** an: kompakt, praxisnah und mit "
            "Beispielen aus der Region."
        )
        org = [
            f"Format: {fmt_label.de}",
            f"Umfang: {value} {unit_label.de}",
            f"Abschluss: {certificate}",
            f"Kosten: {cost}",
        ]
        if funding_note:
            org.append(f"Förderung: {funding_note}")
        dates = [
            f"{_fmt_date(r.start_date, 0)} – {_fmt_date(r.end_date, 0)} ({r.note})" for r in runs
        ]
        titles = ("Inhalte", "Zielgruppe", "Voraussetzungen", "Organisatorisches", "Termine")
    else:
        cost = "free of charge (funded)" if price is None else f"EUR {price:,.0f} (VAT exempt)"
        who = f"**{provider}**, part of the {cluster} network," if provider else f"**{cluster}**"
        lead = (
            f"{who} offers this course on **{topic}**: compact, practical and with examples "
            "from the region."
        )
        org = [
            f"Format: {fmt_label.en}",
            f"Duration: {value} {unit_label.en}",
            f"Certificate: {certificate}",
            f"Cost: {cost}",
        ]
        if funding_note:
            org.append(f"Funding: {funding_note}")
        dates = [
            f"{_fmt_date(r.start_date, 1)} – {_fmt_date(r.end_date, 1)} ({r.note})" for r in runs
        ]
        titles = ("Contents", "Target group", "Prerequisites", "Organisation", "Dates")
    sections = [lead]
    sections.append(f"## {titles[0]}\n\n" + "\n".join(f"- {c}" for c in contents))
    sections.append(f"## {titles[1]}\n\n{target}")
    sections.append(f"## {titles[2]}\n\n{prereq}")
    sections.append(f"## {titles[3]}\n\n" + "\n".join(f"- {o}" for o in org))
    sections.append(f"## {titles[4]}\n\n" + "\n".join(f"- {d}" for d in dates))
    return "\n\n".join(sections)
