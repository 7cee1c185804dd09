"""Search benchmark: the project's search service against a SQLite FTS5 baseline.

    .venv/bin/python benchmarks/search_bench.py --n 10000
    .venv/bin/python benchmarks/search_bench.py --n 100000 --markdown bench-100k.md

One run, in one process, in a temporary instance (SQLite file and index folder in a temp
dir; nothing of the developer's instance is read or written):

1. generates N deterministic synthetic postings (German and English vacancies and training
   offers with runs, all NUTS-2 regions, 14 sectors, the cluster organisations of the demo
   set) as JSON Lines and loads them with the project's import
   (`importexport.import_lines(..., publish=True)`, form validation included), in chunks;
2. rebuilds the index (`rebuild_index`), timing it and its peak memory;
3. builds a SQLite FTS5 baseline over the same visible postings (same text as the index:
   title, description, hiring organisation, cluster, place; normal columns for the filters);
4. measures, interleaved so that both see the same machine noise, the service
   (`search(SearchQuery)`) and the baseline for (a) typical 1-3 word queries with 2 filters,
   (b) broad one-word queries without filters, (c) browsing without text; all with facet
   counts of every facet (other filters applied), the "posted within" counts, the total and
   the first page of 20;
5. measures publish -> searchable: a manager's request submits a new posting, a moderator's
   request approves it (full Flask request cycle, so the search blueprint's after-commit
   sync runs as in the app), then `search()` is polled until it finds the posting;
6. prints a table (and with --markdown a block for docs/benchmarks.md, --json raw figures).

The machine is shared and noisy: compare the ratios, not the absolute milliseconds.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import random
import re
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# --- memory -------------------------------------------------------------------------------


def peak_reset() -> None:
    """Reset the kernel's high-water mark of this process's resident memory (Linux)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def peak_mb() -> float:
    """Peak resident memory since the last `peak_reset()` (VmHWM), else ru_maxrss."""
    try:
        with open("/proc/self/status") as f:
            match = re.search(r"VmHWM:\s+(\d+) kB", f.read())
        if match:
            return int(match[1]) / 1024
    except OSError:
        pass
    return maxrss_mb()


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- vocabulary ---------------------------------------------------------------------------

# Parts of German job titles by sector: compounds are formed as prefix + head
# ("Software" + "entwickler"); a prefix ending in "-" keeps the head capitalised.
PREFIXES_DE: dict[str, tuple[str, ...]] = {
    "aerospace-defence": ("Luftfahrt", "Raumfahrt", "Avionik", "Satelliten", "Flugzeug"),
    "agri-food": ("Lebensmittel", "Agrar", "Molkerei", "Getränke", "Qualitäts"),
    "construction": ("Bau", "Hochbau", "Tiefbau", "Gebäudetechnik", "Tragwerks", "Holzbau"),
    "cultural-creative": ("Medien", "Game-", "Kommunikations", "Content-", "Grafik"),
    "digital": ("Software", "Web", "Daten", "Cloud-", "IT-Sicherheits", "Backend-", "System"),
    "electronics": ("Elektro", "Hardware", "Embedded-Software-", "Leiterplatten", "Sensor"),
    "energy-intensive": ("Verfahrens", "Chemie", "Anlagen", "Prozess", "Werkstoff", "Gieß"),
    "renewables": ("Wind", "Solar", "Photovoltaik", "Wasserstoff", "Energie", "Netz"),
    "health": ("Pflege", "Medizintechnik", "Gesundheits", "Labor", "Klinik", "Reha"),
    "mobility": ("Fahrzeug", "Kfz-", "Logistik", "Bahn", "Batterie", "Antriebs"),
    "proximity-social": ("Sozial", "Bildungs", "Quartiers", "Integrations", "Kita-"),
    "retail": ("Vertriebs", "Einkaufs", "E-Commerce-", "Filial", "Handels", "Lager"),
    "textile": ("Textil", "Bekleidungs", "Faser", "Schnitt", "Näh"),
    "tourism": ("Tourismus", "Hotel", "Event", "Reise", "Gastronomie"),
}
HEADS_DE: tuple[tuple[str, str], ...] = (
    ("Entwickler", "Entwicklerin"),
    ("Ingenieur", "Ingenieurin"),
    ("Techniker", "Technikerin"),
    ("Manager", "Managerin"),
    ("Berater", "Beraterin"),
    ("Referent", "Referentin"),
    ("Mechatroniker", "Mechatronikerin"),
    ("Elektroniker", "Elektronikerin"),
    ("Planer", "Planerin"),
    ("Koordinator", "Koordinatorin"),
    ("Fachkraft", "Fachkraft"),
    ("Spezialist", "Spezialistin"),
    ("Leiter", "Leiterin"),
    ("Sachbearbeiter", "Sachbearbeiterin"),
    ("Administrator", "Administratorin"),
    ("Architekt", "Architektin"),
    ("Analyst", "Analystin"),
    ("Konstrukteur", "Konstrukteurin"),
    ("Monteur", "Monteurin"),
    ("Mitarbeiter", "Mitarbeiterin"),
    ("Assistent", "Assistentin"),
    ("Projektleiter", "Projektleiterin"),
)
PREFIXES_EN: dict[str, tuple[str, ...]] = {
    "aerospace-defence": ("Aerospace", "Avionics", "Flight Test", "Satellite"),
    "agri-food": ("Food Safety", "Agricultural", "Dairy", "Quality"),
    "construction": ("Civil", "Structural", "Building Services", "Site"),
    "cultural-creative": ("Media", "Game", "Content", "UX"),
    "digital": ("Software", "Backend", "Cloud", "Data", "Security", "DevOps", "Machine Learning"),
    "electronics": ("Electronics", "Hardware", "Embedded Software", "PCB", "Sensor"),
    "energy-intensive": ("Process", "Chemical", "Plant", "Materials"),
    "renewables": ("Wind", "Solar", "Hydrogen", "Energy", "Grid"),
    "health": ("Clinical", "Medical Device", "Health Data", "Laboratory"),
    "mobility": ("Automotive", "Logistics", "Rail", "Battery", "Powertrain"),
    "proximity-social": ("Social", "Education", "Community", "Integration"),
    "retail": ("Sales", "Purchasing", "E-Commerce", "Store", "Supply Chain"),
    "textile": ("Textile", "Apparel", "Fibre", "Technical Textiles"),
    "tourism": ("Tourism", "Hotel", "Event", "Travel"),
}
HEADS_EN = (
    "Developer",
    "Engineer",
    "Technician",
    "Manager",
    "Consultant",
    "Analyst",
    "Specialist",
    "Coordinator",
    "Scientist",
    "Architect",
    "Project Lead",
    "Administrator",
)
# Tools and methods per sector: rarer words of the descriptions.
TOOLS: dict[str, tuple[str, ...]] = {
    "aerospace-defence": ("CATIA V5", "NASTRAN", "DO-178C", "EN 9100", "SAP PM"),
    "agri-food": ("HACCP", "IFS Food", "SAP QM", "LIMS", "Sensorik"),
    "construction": ("AutoCAD", "Revit", "BIM", "HOAI", "Allplan", "VOB"),
    "cultural-creative": ("Adobe Creative Cloud", "Figma", "Unreal Engine", "Blender"),
    "digital": ("Python", "Java", "Kubernetes", "PostgreSQL", "TypeScript", "Terraform", "Rust"),
    "electronics": ("Altium", "C/C++", "FPGA", "LabVIEW", "Zephyr", "EMV-Messtechnik"),
    "energy-intensive": ("SPS", "Simatic S7", "Aspen Plus", "Six Sigma", "Lean Management"),
    "renewables": ("PVsyst", "WindPRO", "SCADA", "Elektrolyse", "Netzanschluss"),
    "health": ("MDR", "ISO 13485", "KIS", "HL7 FHIR", "Hygienemanagement"),
    "mobility": ("AUTOSAR", "CANoe", "MATLAB/Simulink", "ISO 26262", "SAP EWM"),
    "proximity-social": ("SGB VIII", "Fallmanagement", "Moderation", "Projektförderung"),
    "retail": ("SAP SD", "Shopware", "Salesforce", "Category Management", "Warenwirtschaft"),
    "textile": ("Lectra", "Gerber", "Oeko-Tex", "Vliesstoff", "Schnittkonstruktion"),
    "tourism": ("Opera PMS", "Revenue Management", "Booking-Systeme", "Eventtechnik"),
}
COMPANY_FIRST = (
    "Nord", "Süd", "Rhein", "Elb", "Main", "Isar", "Alpen", "Spree", "Weser", "Harz",
    "Ostsee", "Schwarzwald", "Havel", "Mosel", "Saale", "Donau", "Eifel", "Lausitz",
    "Erz", "Hanse", "Neckar", "Ruhr", "Werra", "Oder",
)  # fmt: skip
COMPANY_CORE = (
    "tech", "werk", "systeme", "energie", "data", "logistik", "med", "bau", "solar",
    "sensorik", "automation", "textil", "food", "soft", "motion", "chem", "labs",
    "consult", "plan", "mobil", "net", "optik", "metall", "cloud",
)  # fmt: skip
LEGAL = ("GmbH", "GmbH", "GmbH", "AG", "GmbH & Co. KG", "SE", "UG", "e.V.")
INSTITUTE_TOPICS = (
    "angewandte Informatik", "Produktionstechnik", "Werkstofftechnik", "Energiesysteme",
    "Medizintechnik", "Logistik", "Lebensmitteltechnologie", "Bauforschung",
    "Mikroelektronik", "Textiltechnik", "Tourismusforschung", "Sozialforschung",
)  # fmt: skip
EMPLOYMENT = {
    "full_time": 56,
    "part_time": 9,
    "working_student": 8,
    "internship": 6,
    "apprenticeship": 10,
    "thesis": 5,
    "freelance": 6,
}
REMOTE = {"on_site": 55, "hybrid": 35, "remote": 10}
FORMATS = {"on_site": 35, "online_live": 30, "self_paced": 15, "blended": 20}


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def slugify(text: str) -> str:
    text = text.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def website_of(name: str) -> str:
    return f"https://{slugify(name)[:40].strip('-')}.example.com"


def compound(prefix: str, head: str) -> str:
    """ "Software" + "Entwickler" -> "Softwareentwickler"; "Cloud-" keeps "Cloud-Entwickler"."""
    return prefix + head if prefix.endswith("-") else prefix + head.lower()


@dataclass
class Cluster:
    slug: str
    name: str
    land: str
    city: str
    sectors: tuple[str, ...]
    weight: int
    hiring: list[tuple[str, str]]  # (name, website)


class Generator:
    """Deterministic postings in the import format (docs/import-format.md). Dates are
    relative to `today`, so the same seed and day give the same file."""

    def __init__(self, seed: int, today: date):
        from jobboard import demo, taxonomy

        self.rng = random.Random(seed)
        self.today = today
        self.demo = demo
        self.taxonomy = taxonomy
        self.places_by_land: dict[str, list[tuple[str, str, str]]] = {}
        self.places: list[tuple[str, str, str]] = []
        for city, (postcode, region) in demo.PLACES.items():
            item = (city, postcode, region)
            self.places.append(item)
            self.places_by_land.setdefault(taxonomy.land_of(region), []).append(item)
        rng = random.Random(seed + 1)
        self.clusters: list[Cluster] = []
        for spec in demo.CLUSTERS:
            hiring = [(m.name, website_of(m.name)) for m in spec.members]
            for _ in range(25):
                if rng.random() < 0.15:
                    name = (
                        f"Institut für {rng.choice(INSTITUTE_TOPICS)} {rng.choice(COMPANY_FIRST)}"
                    )
                else:
                    name = (
                        f"{rng.choice(COMPANY_FIRST)}{rng.choice(COMPANY_CORE)} {rng.choice(LEGAL)}"
                    )
                hiring.append((name, website_of(name)))
            self.clusters.append(
                Cluster(
                    spec.slug,
                    spec.name,
                    spec.land,
                    spec.city,
                    spec.sectors,
                    spec.weight,
                    list(dict.fromkeys(hiring)),
                )
            )
        self.cluster_weights = [c.weight for c in self.clusters]

    # --- organisations ---

    def organisations(self) -> list[dict]:
        return [
            {
                "name": c.name,
                "slug": c.slug,
                "land": c.land,
                "city": c.city,
                "sectors": list(c.sectors),
                "website": f"https://{c.slug}.example.org",
            }
            for c in self.clusters
        ]

    # --- postings ---

    def postings(self, n: int) -> Iterator[dict]:
        for i in range(n):
            yield self.posting(i)

    def posting(self, i: int) -> dict:
        rng = self.rng
        cluster = rng.choices(self.clusters, weights=self.cluster_weights)[0]
        sector = (
            rng.choice(cluster.sectors)
            if rng.random() < 0.85
            else rng.choice(self.taxonomy.SECTORS.codes)
        )
        sectors = [sector]
        if rng.random() < 0.35:
            sectors.append(rng.choice([s for s in self.taxonomy.SECTORS.codes if s != sector]))
        lang = "de" if rng.random() < 0.75 else "en"
        li = 0 if lang == "de" else 1
        content = self.demo.CONTENT[sector]
        if rng.random() < 0.85:
            hiring_name, website = rng.choice(cluster.hiring)
            hiring = {"name": hiring_name, "website": website}
        else:
            hiring, hiring_name, website = None, cluster.name, f"https://{cluster.slug}.example.org"
        # Place: mostly in the cluster's Land, else anywhere (every NUTS-2 region occurs).
        roll = rng.random()
        if roll < 0.7:
            city, postcode, region = rng.choice(
                self.places_by_land.get(cluster.land) or self.places
            )
        else:
            city, postcode, region = rng.choice(self.places)
        kind = "vacancy" if rng.random() < 0.8 else "training"
        nationwide = False
        place: dict = {
            "street": f"{rng.choice(self.demo.STREETS)} {rng.randint(1, 180)}",
            "postcode": postcode,
            "city": city,
            "region": region,
            "nationwide": False,
        }
        first, last = rng.choice(self.demo.FIRST_NAMES), rng.choice(self.demo.LAST_NAMES)
        domain = website.split("//", 1)[1]
        contact = {
            "name": f"{first} {last}",
            "email": f"{slugify(first)}.{slugify(last)}@{domain}",
            "phone": f"+49 {rng.randint(30, 999)} {rng.randint(100000, 9999999)}",
        }
        area = rng.choice(content.areas)
        record: dict = {
            "kind": kind,
            "organisation": cluster.slug,
            "language": lang,
            "hiring_organisation": hiring,
            "sectors": sectors,
            "contact": contact,
        }
        if kind == "vacancy":
            etype = weighted(rng, EMPLOYMENT)
            remote = weighted(rng, REMOTE)
            if remote == "remote" and rng.random() < 0.5:
                place = {"nationwide": False}  # fully remote: no place needed
            level = rng.choice(("entry", "professional", "professional", "senior", "management"))
            title = self.vacancy_title(rng, lang, sector, etype, level, content, area)
            record["title"] = title
            record["description"] = self.vacancy_description(
                rng, li, sector, content, area, hiring_name, cluster, city, etype, level, remote
            )
            record["apply"] = (
                {"url": f"{website}/karriere/{i}", "email": None}
                if rng.random() < 0.7
                else {"url": None, "email": f"jobs@{domain}"}
            )
            record.update(
                employment_type=etype,
                contract_type=rng.choice(("permanent", "permanent", "fixed_term", None)),
                remote_mode=remote,
                career_level=level if etype in ("full_time", "part_time", "freelance") else None,
                salary=self.salary(rng, etype, level),
                start_date=(
                    (self.today + timedelta(days=rng.randint(20, 200))).isoformat()
                    if rng.random() < 0.4
                    else None
                ),
                application_deadline=(
                    (self.today + timedelta(days=rng.randint(21, 120))).isoformat()
                    if rng.random() < 0.4
                    else None
                ),
                openings=rng.choice((1, 1, 1, 1, 2, 3)),
            )
        else:
            fmt = weighted(rng, FORMATS)
            if fmt in ("online_live", "self_paced") and rng.random() < 0.5:
                nationwide = True
                place = {"nationwide": True}
            topic = rng.choice(content.topics or self.demo.OFFICE.areas)
            prefix = rng.choice(self.demo.TRAINING_PREFIXES[fmt if rng.random() < 0.8 else "long"])
            suffix = rng.choice(self.demo.TRAINING_SUFFIXES)
            record["title"] = f"{prefix[li]} {topic[li]}{suffix[li]}"
            record["description"] = self.training_description(rng, li, sector, topic, cluster)
            record["apply"] = {"url": f"{website}/weiterbildung/{i}", "email": None}
            start = self.today + timedelta(days=rng.randint(30, 240))
            runs = []
            for _ in range(rng.choice((1, 1, 2, 2, 3))):
                end = start + timedelta(days=rng.choice((0, 1, 2, 4, 11)))
                runs.append(
                    {
                        "start": start.isoformat(),
                        "end": end.isoformat(),
                        "note": (f"in {city}" if not nationwide else "online")
                        if rng.random() < 0.3
                        else None,
                    }
                )
                start = end + timedelta(days=rng.randint(14, 90))
            free = rng.random() < 0.25
            funding = rng.random() < 0.3
            record.update(
                training_format=fmt,
                schedule=rng.choice(("full_time", "part_time", None)),
                duration={"value": rng.choice((4, 8, 16, 24, 40, 120)), "unit": "hours"},
                cost={
                    "free": free,
                    "price_eur": None if free else rng.randint(90, 2900) + rng.choice((0, 0.5)),
                },
                funding={
                    "eligible": funding,
                    "note": rng.choice(self.demo.FUNDING_NOTES)[li] if funding else None,
                },
                certificate=rng.choice(self.demo.CERTIFICATES)[li],
                target_group=rng.choice(self.demo.TARGET_GROUPS)[li].format(
                    sector=self.taxonomy.SECTORS[sector].de if li == 0 else sector
                ),
                prerequisites=rng.choice(self.demo.PREREQUISITES)[li],
                registration_deadline=(
                    (self.today + timedelta(days=rng.randint(14, 29))).isoformat()
                    if rng.random() < 0.3
                    else None
                ),
                participants={"min": 4, "max": rng.choice((12, 16, 20, 30))},
                runs=runs,
            )
        record["place"] = place
        return record

    def role_de(self, rng, sector, content, fem: bool) -> str:
        if rng.random() < 0.5:
            masc, femi, _en = rng.choice(content.roles)
            return femi if fem else masc
        masc, femi = rng.choice(HEADS_DE)
        return compound(rng.choice(PREFIXES_DE[sector]), femi if fem else masc)

    def role_en(self, rng, sector, content) -> str:
        if rng.random() < 0.5:
            return rng.choice(content.roles)[2]
        return f"{rng.choice(PREFIXES_EN[sector])} {rng.choice(HEADS_EN)}"

    def vacancy_title(self, rng, lang, sector, etype, level, content, area) -> str:
        a = area[0] if lang == "de" else area[1]
        if lang == "en":
            role = self.role_en(rng, sector, content)
            if etype == "working_student":
                return f"Working Student {a} (m/f/d)"
            if etype == "internship":
                return f"Internship {a} (m/f/d)"
            if etype == "thesis":
                return f"Master's Thesis: {a} (m/f/d)"
            prefix = {"entry": "Junior ", "senior": "Senior "}.get(level, "")
            if level == "management":
                return f"Head of {a} (m/f/d)"
            text = f"{prefix}{role} – {a} (m/f/d)"
            return f"{text}, part-time" if etype == "part_time" else text
        fem = rng.random() < 0.25
        role = self.role_de(rng, sector, content, fem)
        if etype == "apprenticeship":
            masc, femi = rng.choice(content.apprenticeships)
            if content.dual_studies and rng.random() < 0.3:
                return f"{rng.choice(content.dual_studies)} (m/w/d)"
            return rng.choice(
                (f"Ausbildung {masc} (m/w/d)", f"Ausbildung zum {masc} (m/w/d)",
                 f"Ausbildung zur {femi} (m/w/d)", f"Auszubildende/r {masc} (m/w/d)")
            )  # fmt: skip
        if etype == "working_student":
            return f"{'Werkstudentin' if fem else 'Werkstudent'} {a} (m/w/d)"
        if etype == "internship":
            return rng.choice((f"Praktikum {a} (m/w/d)", f"Praktikum im Bereich {a}"))
        if etype == "thesis":
            return rng.choice(
                (f"Masterarbeit {a} (m/w/d)", f"Bachelorarbeit im Bereich {a} (m/w/d)")
            )
        if level == "management":
            return f"{'Abteilungsleiterin' if fem else 'Abteilungsleiter'} {a} (m/w/d)"
        masc, femi = rng.choice(HEADS_DE)
        pattern = rng.random()
        if pattern < 0.45:
            text = f"{role} (m/w/d) {a}"
        elif pattern < 0.6:
            text = f"{role} (m/w/d) im Bereich {a}"
        elif pattern < 0.7:
            text = f"{compound(rng.choice(PREFIXES_DE[sector]), masc)}*in {a}"
        elif pattern < 0.8:
            text = f"{compound(rng.choice(PREFIXES_DE[sector]), masc)}/-in {a}"
        elif pattern < 0.9:
            text = f"{femi} / {masc} {a} (w/m/d)"
        else:
            text = f"{role} mit Schwerpunkt {a} (m/w/d)"
        if level == "senior":
            text = f"Senior {text}"
        elif level == "entry" and rng.random() < 0.4:
            text = f"Junior {text}"
        return f"{text} – Teilzeit" if etype == "part_time" else text

    def salary(self, rng, etype: str, level: str) -> dict | None:
        if rng.random() < 0.4:
            return None
        if etype == "apprenticeship":
            low = rng.randint(900, 1200)
            return {"min": low, "max": low + rng.randint(0, 250), "period": "month"}
        if etype in ("working_student", "internship", "thesis"):
            low = rng.randint(13, 18)
            return {"min": low, "max": low + rng.choice((0, 1, 2)), "period": "hour"}
        base = {"entry": 42000, "professional": 55000, "senior": 70000, "management": 85000}
        low = base.get(level, 50000) + rng.randint(-6, 12) * 1000
        return {"min": low, "max": low + rng.randint(4, 20) * 1000, "period": "year"}

    def vacancy_description(
        self, rng, li, sector, content, area, hiring_name, cluster, city, etype, level, remote
    ) -> str:
        demo = self.demo
        a = area[li]
        tools = rng.sample(TOOLS[sector], 2)
        tasks = [
            t[li].format(area=a) for t in rng.sample(content.tasks, min(3, len(content.tasks)))
        ]
        tasks.append(rng.choice(demo.GENERIC_TASKS)[li])
        benefits = [b[li] for b in rng.sample(demo.BENEFITS, 4)]
        remote_text = {
            "on_site": ("Sie arbeiten vor Ort in {city}.", "You work on site in {city}."),
            "hybrid": (
                "Sie arbeiten hybrid: zwei bis drei Tage vor Ort in {city}, sonst mobil.",
                "Hybrid work: two to three days on site in {city}, otherwise remote.",
            ),
            "remote": (
                "Sie arbeiten vollständig remote, mit Teamtreffen in {city}.",
                "Fully remote, with team meetings in {city}.",
            ),
        }[remote][li].format(city=city)
        if li == 0:
            profile = [
                f"Abgeschlossenes Studium der Fachrichtung {content.studies[0]} oder eine "
                "vergleichbare Qualifikation",
                f"Erfahrung mit {tools[0]} und {tools[1]}",
                "Sehr gute Deutschkenntnisse und gute Englischkenntnisse",
            ]
            return (
                f"{content.about[0]} {hiring_name} ist Mitglied im {cluster.name}.\n\n"
                f"**Ihre Aufgaben**\n\n" + "".join(f"* {t}\n" for t in tasks) + "\n"
                "**Ihr Profil**\n\n" + "".join(f"* {p}\n" for p in profile) + "\n"
                "**Wir bieten**\n\n" + "".join(f"* {b}\n" for b in benefits) + "\n"
                f"{remote_text} Bewerben Sie sich mit Lebenslauf und Zeugnissen; wir freuen "
                "uns auf Ihre Bewerbung, auch wenn Sie nicht alle Anforderungen erfüllen."
            )
        profile = [
            f"A degree in {content.studies[1]} or a comparable qualification",
            f"Experience with {tools[0]} and {tools[1]}",
            "Very good English; German is a plus",
        ]
        return (
            f"{content.about[1]} {hiring_name} is a member of {cluster.name}.\n\n"
            "**Your tasks**\n\n" + "".join(f"* {t}\n" for t in tasks) + "\n"
            "**Your profile**\n\n" + "".join(f"* {p}\n" for p in profile) + "\n"
            "**What we offer**\n\n" + "".join(f"* {b}\n" for b in benefits) + "\n"
            f"{remote_text} Apply with your CV and certificates; we look forward to hearing "
            "from you even if you do not meet every requirement."
        )

    def training_description(self, rng, li, sector, topic, cluster) -> str:
        demo = self.demo
        contents = [c[li] for c in rng.sample(demo.TRAINING_CONTENTS, 4)]
        tools = rng.sample(TOOLS[sector], 2)
        if li == 0:
            return (
                f"In dieser Weiterbildung zum Thema **{topic[0]}** vermitteln erfahrene "
                f"Dozierende aus dem {cluster.name} praxisnahes Wissen, unter anderem zu "
                f"{tools[0]} und {tools[1]}.\n\n**Inhalte**\n\n"
                + "".join(f"* {c}\n" for c in contents)
                + "\nDie Teilnehmenden arbeiten an eigenen Fragestellungen aus ihrem Betrieb."
            )
        return (
            f"This course on **{topic[1]}** is taught by experienced trainers from "
            f"{cluster.name}, including {tools[0]} and {tools[1]}.\n\n**Contents**\n\n"
            + "".join(f"* {c}\n" for c in contents)
            + "\nParticipants work on questions from their own company."
        )


# --- the temporary instance -----------------------------------------------------------------


def make_app(workdir: Path):
    """A board in `workdir`: SQLite file, index folder, no instance/config.py."""
    for key in list(os.environ):
        if key.startswith("JOBBOARD_"):
            del os.environ[key]
    os.environ["JOBBOARD_INSTANCE_PATH"] = str(workdir / "instance")
    (workdir / "instance").mkdir(parents=True, exist_ok=True)
    from jobboard import create_app

    return create_app(
        {
            "SECRET_KEY": "bench-" + uuid.uuid4().hex,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "SEARCH_INDEX_DIR": str(workdir / "search-index"),
            "MAIL_BACKEND": "locmem",
        }
    )


def create_organisations(gen: Generator) -> None:
    from jobboard.extensions import db
    from jobboard.models import Organisation, Role, User

    for spec in gen.organisations():
        org = Organisation(
            name=spec["name"],
            slug=spec["slug"],
            land=spec["land"],
            city=spec["city"],
            website=spec["website"],
            description="",
        )
        org.sectors = spec["sectors"]
        db.session.add(org)
    db.session.flush()
    first = db.session.scalar(db.select(Organisation).order_by(Organisation.id))
    db.session.add(
        User(email="manager@bench.example", name="Bench Manager", role=Role.ORG_ADMIN,
             organisation=first)
    )  # fmt: skip
    db.session.add(User(email="moderator@bench.example", name="Bench Moderator",
                        role=Role.MODERATOR))  # fmt: skip
    db.session.commit()


def load(app, path: Path, chunk: int, log) -> dict:
    """Import the JSON Lines file through `import_lines(publish=True)`, `chunk` lines per
    call (one transaction each)."""
    from jobboard.extensions import db
    from jobboard.postings.importexport import import_lines

    total, started, chunks, cpu = 0, time.perf_counter(), 0, time.process_time()
    with path.open(encoding="utf-8") as f:
        while True:
            lines = [line for _, line in zip(range(chunk), f, strict=False)]
            if not lines:
                break
            with app.app_context():
                result = import_lines(lines, publish=True)
                if not result.ok:
                    for error in result.errors[:20]:
                        print(f"  import error (chunk {chunks}): {error}", file=sys.stderr)
                    raise SystemExit("the synthetic postings do not pass the import's checks")
                db.session.remove()
            total += result.imported
            chunks += 1
            elapsed = time.perf_counter() - started
            log(f"  imported {total} ({total / elapsed:.0f}/s)", end="\r")
    seconds = time.perf_counter() - started
    log("")
    return {
        "postings": total,
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu,
        "chunks": chunks,
        "chunk": chunk,
    }


def spread_publication(app, seed: int) -> int:
    """Imported postings are all published "now". Spread `published_at` over the last 60
    days (and pull `expires_at` in accordingly) so that "posted within 1/7/30 days" and
    "newest first" see a realistic mix. Direct SQL on benchmark data; no index exists yet."""
    from sqlalchemy import select, update

    from jobboard.extensions import db
    from jobboard.models import Posting
    from jobboard.timeutil import utcnow

    rng = random.Random(seed + 2)
    now = utcnow()
    with app.app_context():
        rows = db.session.execute(select(Posting.id, Posting.expires_at)).all()
        changes = []
        for pid, expires in rows:
            published = now - timedelta(seconds=rng.randint(0, 59 * 86400))
            new_expiry = published + timedelta(days=60)
            if expires is not None and expires < new_expiry:
                new_expiry = expires
            changes.append({"id": pid, "published_at": published, "expires_at": new_expiry})
        for start in range(0, len(changes), 5000):
            db.session.execute(update(Posting), changes[start : start + 5000])
        db.session.commit()
        db.session.remove()
    return len(changes)


# --- the FTS5 baseline --------------------------------------------------------------------

FTS_WEIGHTS = (3.0, 1.0, 1.5, 1.2, 1.5)  # title, body, hiring, cluster_name, place
SINGLE_FACETS = ("kind", "employment", "remote", "format", "cluster", "free")


def build_fts(app, path: Path) -> dict:
    """The same visible postings, the same text as the index documents, in FTS5."""
    from jobboard import taxonomy
    from jobboard.extensions import db
    from jobboard.models import Posting
    from jobboard.postings.queries import visible_postings
    from jobboard.search.analysis import normalise
    from jobboard.search.schema import body_text, due_date, place_text

    started = time.perf_counter()
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        PRAGMA journal_mode = WAL;
        CREATE TABLE doc (
            id INTEGER PRIMARY KEY, kind TEXT, land TEXT, region TEXT, employment TEXT,
            remote TEXT, format TEXT, cluster TEXT, free TEXT, published INTEGER,
            expires INTEGER, due INTEGER, title TEXT, hiring TEXT, city TEXT);
        CREATE TABLE doc_sector (id INTEGER, sector TEXT, PRIMARY KEY (sector, id))
            WITHOUT ROWID;
        CREATE VIRTUAL TABLE fts USING fts5(
            title, body, hiring, cluster_name, place,
            tokenize = 'unicode61 remove_diacritics 2');
        """
    )
    count = 0
    with app.app_context():
        ids = db.session.scalars(
            visible_postings().with_only_columns(Posting.id).order_by(None).order_by(Posting.id)
        ).all()
        for start in range(0, len(ids), 1000):
            chunk = ids[start : start + 1000]
            postings = db.session.scalars(visible_postings().where(Posting.id.in_(chunk))).all()
            docs, sectors, texts = [], [], []
            for p in postings:
                due = due_date(p)
                hiring = p.hiring_organisation.name if p.hiring_organisation else ""
                vacancy = p.is_vacancy
                docs.append(
                    (
                        p.id,
                        p.kind.value,
                        taxonomy.land_of(p.region) if p.region else None,
                        p.region,
                        p.employment_type if vacancy else None,
                        p.remote_mode if vacancy else None,
                        None if vacancy else p.training_format,
                        p.organisation.slug,
                        "yes" if (not vacancy and p.is_free) else None,
                        int(p.published_at.timestamp()),
                        int(p.expires_at.timestamp()) if p.expires_at else 9_999_999_999,
                        due.toordinal() if due else None,
                        p.title,
                        hiring,
                        p.city,
                    )
                )
                sectors += [(p.id, s) for s in p.sectors]
                texts.append(
                    (
                        p.id,
                        normalise(p.title),
                        body_text(p),
                        normalise(hiring),
                        normalise(p.organisation.name),
                        place_text(p),
                    )
                )
            conn.executemany(f"INSERT INTO doc VALUES ({','.join('?' * 15)})", docs)
            conn.executemany("INSERT INTO doc_sector VALUES (?, ?)", sectors)
            conn.executemany(
                "INSERT INTO fts (rowid, title, body, hiring, cluster_name, place) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                texts,
            )
            count += len(postings)
            db.session.remove()
    conn.executescript(
        """
        CREATE INDEX doc_published ON doc (published DESC, id DESC);
        CREATE INDEX doc_land ON doc (land);
        CREATE INDEX doc_region ON doc (region);
        CREATE INDEX doc_cluster ON doc (cluster);
        CREATE INDEX doc_kind ON doc (kind);
        CREATE INDEX doc_sector_id ON doc_sector (id, sector);
        INSERT INTO fts (fts) VALUES ('optimize');
        ANALYZE;
        """
    )
    conn.commit()
    conn.close()
    return {"documents": count, "seconds": time.perf_counter() - started}


class Fts:
    """The baseline search: the same filters, facet counts of the same facets (other
    filters applied), "posted within" counts, the total and the first page of 20 (with
    snippets for a text query), all in plain SQL."""

    def __init__(self, path: Path):
        self.conn = sqlite3.connect(path)
        self.conn.execute("PRAGMA cache_size = -200000")
        self.conn.execute("CREATE TEMP TABLE m (id INTEGER PRIMARY KEY)")

    @staticmethod
    def match_expr(text: str) -> str | None:
        """Every word required, each as a prefix ("Entwickler" also finds "Entwicklerin";
        FTS5 has no German stemming or decompounding)."""
        parts = []
        for word in text.split():
            tokens = re.findall(r"\w+", word.lower())
            if not tokens:
                continue
            quoted = [f'"{t}"' for t in tokens]
            parts.append(" + ".join(quoted) + "*")
        return " AND ".join(parts) if parts else None

    @staticmethod
    def _condition(name: str, value: str) -> tuple[str, list]:
        if name == "region":
            column = "d.land" if len(value) == 3 else "d.region"
            return f"{column} = ?", [value]
        if name == "sector":
            return "d.id IN (SELECT id FROM doc_sector WHERE sector = ?)", [value]
        column = {"employment_type": "employment", "remote_mode": "remote",
                  "training_format": "format"}.get(name, name)  # fmt: skip
        return f"d.{column} = ?", [value]

    def search(self, text: str, filters: dict[str, str], now: datetime) -> dict:
        conn = self.conn
        now_ts = int(now.timestamp())
        expr = self.match_expr(text) if text else None
        if expr is not None:
            conn.execute("DELETE FROM temp.m")
            conn.execute("INSERT INTO temp.m SELECT rowid FROM fts WHERE fts MATCH ?", (expr,))
            source = "temp.m JOIN doc d ON d.id = m.id"
        else:
            source = "doc d"
        conds = {name: self._condition(name, value) for name, value in filters.items()}

        def where(skip: str | None) -> tuple[str, list]:
            sql, params = ["d.expires > ?"], [now_ts]
            for name, (c, p) in conds.items():
                if name != skip:
                    sql.append(c)
                    params += p
            return " AND ".join(sql), params

        facets: dict[str, dict] = {}
        for column, name in (
            ("kind", "kind"),
            ("employment", "employment_type"),
            ("remote", "remote_mode"),
            ("format", "training_format"),
            ("cluster", "cluster"),
            ("free", "free"),
        ):
            w, p = where(name)
            facets[name] = dict(
                conn.execute(
                    f"SELECT d.{column}, count(*) FROM {source} WHERE {w} GROUP BY d.{column}", p
                ).fetchall()
            )
        w, p = where("region")
        region = dict(
            conn.execute(
                f"SELECT d.land, count(*) FROM {source} WHERE {w} GROUP BY d.land", p
            ).fetchall()
        )
        region.update(
            conn.execute(
                f"SELECT d.region, count(*) FROM {source} WHERE {w} GROUP BY d.region", p
            ).fetchall()
        )
        facets["region"] = region
        w, p = where("sector")
        facets["sector"] = dict(
            conn.execute(
                f"SELECT s.sector, count(*) FROM {source} JOIN doc_sector s ON s.id = d.id "
                f"WHERE {w} GROUP BY s.sector",
                p,
            ).fetchall()
        )
        w, p = where(None)
        windows = [now_ts - days * 86400 for days in (1, 7, 30)]
        total, *posted = conn.execute(
            f"SELECT count(*), sum(d.published >= ?), sum(d.published >= ?), "
            f"sum(d.published >= ?) FROM {source} WHERE {w}",
            [*windows, *p],
        ).fetchone()
        if expr is not None:
            weights = ", ".join(str(x) for x in FTS_WEIGHTS)
            page = conn.execute(
                f"SELECT d.id, d.title, d.hiring, d.city, "
                f"snippet(fts, 1, '<mark>', '</mark>', '…', 24) "
                f"FROM fts JOIN doc d ON d.id = fts.rowid WHERE fts MATCH ? AND {w} "
                f"ORDER BY bm25(fts, {weights}) LIMIT 20",
                [expr, *p],
            ).fetchall()
        else:
            page = conn.execute(
                f"SELECT d.id, d.title, d.hiring, d.city FROM doc d WHERE {w} "
                "ORDER BY d.published DESC, d.id DESC LIMIT 20",
                p,
            ).fetchall()
        return {"total": total, "facets": facets, "posted": posted, "ids": [r[0] for r in page]}


# --- the queries --------------------------------------------------------------------------

# (text, two filters): 1-3 words, a Land or NUTS-2 region and one other filter.
TYPICAL: tuple[tuple[str, dict[str, str]], ...] = (
    ("Entwickler", {"region": "DEA", "sector": "digital"}),
    ("Ingenieur Elektrotechnik", {"region": "DE2", "kind": "vacancy"}),
    ("Pflege", {"region": "DED", "sector": "health"}),
    ("Projektmanager", {"region": "DE1", "employment_type": "full_time"}),
    ("Software Entwickler", {"region": "DE1", "sector": "digital"}),
    ("Mechatroniker Ausbildung", {"region": "DE9", "kind": "vacancy"}),
    ("Data Science", {"region": "DE3", "sector": "digital"}),
    ("Qualitätsmanagement", {"region": "DE7", "kind": "training"}),
    ("Wasserstoff", {"region": "DED2", "sector": "renewables"}),
    ("Werkstudent", {"region": "DE21", "employment_type": "working_student"}),
    ("Logistik", {"region": "DE6", "remote_mode": "hybrid"}),
    ("Engineer", {"region": "DE2", "sector": "mobility"}),
    ("Techniker München", {"region": "DE2", "kind": "vacancy"}),
    ("Seminar Grundlagen", {"region": "DEA", "kind": "training"}),
    ("Senior Berater", {"region": "DE3", "remote_mode": "remote"}),
    ("Lebensmittelsicherheit", {"region": "DE9", "sector": "agri-food"}),
)
BROAD: tuple[str, ...] = ("Ingenieur", "Projekt", "Management", "Entwicklung", "Mitarbeiter")
BROWSE: tuple[dict[str, str], ...] = ({},)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    k = max(math.ceil(p / 100 * len(ordered)) - 1, 0)
    return ordered[k]


@dataclass
class Series:
    service: list[float] = field(default_factory=list)
    fts: list[float] = field(default_factory=list)
    service_hits: list[int] = field(default_factory=list)
    fts_hits: list[int] = field(default_factory=list)

    def summary(self) -> dict:
        s50, s95 = percentile(self.service, 50), percentile(self.service, 95)
        f50, f95 = percentile(self.fts, 50), percentile(self.fts, 95)
        return {
            "samples": len(self.service),
            "service_p50_ms": s50 * 1000,
            "service_p95_ms": s95 * 1000,
            "fts_p50_ms": f50 * 1000,
            "fts_p95_ms": f95 * 1000,
            "ratio_p50": s50 / f50,
            "ratio_p95": s95 / f95,
            "service_hits_median": statistics.median(self.service_hits),
            "fts_hits_median": statistics.median(self.fts_hits),
        }


def measure(app, fts: Fts, reps: int, warmup: int, log) -> dict[str, dict]:
    """Each kind: `warmup` untimed rounds, then `reps` timed pairs. The two engines run
    back to back on the same query, their order alternating, so noise hits both alike."""
    from jobboard.search import SearchQuery, search
    from jobboard.timeutil import utcnow

    kinds: dict[str, list[tuple[str, dict[str, str]]]] = {
        "typical": list(TYPICAL),
        "broad": [(t, {}) for t in BROAD],
        "browse": [("", f) for f in BROWSE],
    }

    def service(text, filters):
        with app.app_context():
            result = search(SearchQuery(text=text, **filters))
            return result.total

    def baseline(text, filters):
        return fts.search(text, filters, utcnow())["total"]

    out = {}
    for kind, queries in kinds.items():
        for i in range(max(warmup, len(queries))):
            text, filters = queries[i % len(queries)]
            service(text, filters)
            baseline(text, filters)
        series = Series()
        per_query: dict[int, dict[str, list]] = {}
        for i in range(reps):
            text, filters = queries[i % len(queries)]
            order = (("service", service), ("fts", baseline))
            if i % 2:
                order = order[::-1]
            for name, fn in order:
                t0 = time.perf_counter()
                hits = fn(text, filters)
                dt = time.perf_counter() - t0
                getattr(series, name).append(dt)
                getattr(series, f"{name}_hits").append(hits)
                row = per_query.setdefault(i % len(queries), {"service": [], "fts": []})
                row[name].append(dt)
                row[f"{name}_hits"] = hits
        out[kind] = series.summary()
        out[kind]["queries"] = [
            {
                "text": queries[q][0],
                "filters": queries[q][1],
                "service_ms": statistics.median(row["service"]) * 1000,
                "fts_ms": statistics.median(row["fts"]) * 1000,
                "service_hits": row["service_hits"],
                "fts_hits": row["fts_hits"],
            }
            for q, row in sorted(per_query.items())
        ]
        s = out[kind]
        log(
            f"  {kind:8s} service p50/p95 {s['service_p50_ms']:.1f}/{s['service_p95_ms']:.1f} ms"
            f"  FTS5 {s['fts_p50_ms']:.1f}/{s['fts_p95_ms']:.1f} ms"
            f"  ratio p95 {s['ratio_p95']:.2f}"
        )
    return out


def first_search_cold(app, log) -> dict:
    """The first search of a process that has not searched yet: it opens the index and
    fills every cache (`SearchIndex.forget()` drops what this process holds). The first
    search after an index change is measured by the publish rounds."""
    from jobboard.search import SearchQuery, get_index, search

    with app.app_context():
        index = get_index()
        cold = []
        for text, filters in (("", {}), ("Entwickler", {"region": "DEA", "sector": "digital"})):
            index.forget()  # as a process that has not searched yet
            t0 = time.perf_counter()
            search(SearchQuery(text=text, **filters))
            cold.append(time.perf_counter() - t0)
    return {"browse_ms": cold[0] * 1000, "typical_ms": cold[1] * 1000}


# --- publish -> searchable ----------------------------------------------------------------

PUBLISH_WORDS = ("Quarzuhrmacher", "Glockengießer", "Orgelbauer", "Bootsbauer", "Drechsler",
                 "Hufschmied", "Kupferschmied", "Seiler", "Böttcher", "Korbflechter")  # fmt: skip


def install_bench_routes(app) -> None:
    """Two request handlers that do what the manager's and the moderator's requests do
    (form check, workflow, commit), so that the full Flask request cycle runs, including
    the search blueprint's after-commit index sync. Registered on this app object only."""
    from flask import jsonify, request
    from werkzeug.datastructures import MultiDict

    from jobboard.extensions import csrf, db
    from jobboard.models import Posting, Role, User
    from jobboard.postings import workflow
    from jobboard.postings.forms import FORMS
    from jobboard.postings.importexport import formdata_from_json

    def user(role):
        return db.session.scalar(db.select(User).where(User.role == role))

    def submit():
        record = request.get_json()
        formdata, problems = formdata_from_json(record, record["kind"])
        assert not problems, problems
        form = FORMS[record["kind"]](formdata=MultiDict(formdata), meta={"csrf": False})
        assert form.validate(), form.errors
        manager = user(Role.ORG_ADMIN)
        posting = form.posting_class()
        posting.organisation = manager.organisation
        posting.created_by = manager
        form.populate_posting(posting, manager.organisation)
        workflow.create(posting, manager, status=workflow.S.DRAFT)
        db.session.commit()
        workflow.submit(posting, manager)
        db.session.commit()
        return jsonify(id=posting.id, status=posting.status.value)

    def approve(posting_id):
        posting = db.session.get(Posting, posting_id)
        workflow.approve(posting, user(Role.MODERATOR))
        db.session.commit()
        return jsonify(id=posting.id, status=posting.status.value)

    app.add_url_rule("/_bench/submit", "bench_submit", csrf.exempt(submit), methods=["POST"])
    app.add_url_rule(
        "/_bench/approve/<int:posting_id>", "bench_approve", csrf.exempt(approve), methods=["POST"]
    )


def publish_to_searchable(app, gen: Generator, rounds: int, log) -> dict:
    from jobboard.search import SearchQuery, search

    client = app.test_client()
    rng = random.Random(7)
    rows = []
    for i in range(rounds):
        word = PUBLISH_WORDS[i % len(PUBLISH_WORDS)]
        record = gen.posting(10_000_000 + i)
        record = {**record, "organisation": gen.clusters[0].slug}
        record["title"] = f"{word} (m/w/d) Nummer {rng.randint(100, 999)}"
        response = client.post("/_bench/submit", json=record)
        assert response.status_code == 200, response.data
        posting_id = response.get_json()["id"]
        assert response.get_json()["status"] == "submitted"
        t0 = time.perf_counter()
        response = client.post(f"/_bench/approve/{posting_id}")  # commit + after-commit sync
        t_request = time.perf_counter() - t0
        assert response.status_code == 200, response.data
        polls, found = 0, False
        t_search_start = time.perf_counter()
        first_search = None
        while time.perf_counter() - t0 < 30:
            polls += 1
            s0 = time.perf_counter()
            with app.app_context():
                found = posting_id in search(SearchQuery(text=word)).ids
            if first_search is None:
                first_search = time.perf_counter() - s0
            if found:
                break
            time.sleep(0.01)
        total = time.perf_counter() - t0
        if not found:
            total = math.inf
        rows.append(
            {
                "total_ms": total * 1000,
                "approve_request_ms": t_request * 1000,
                "first_search_ms": (first_search or 0) * 1000,
                "search_phase_ms": (time.perf_counter() - t_search_start) * 1000,
                "polls": polls,
            }
        )
        log(f"  round {i + 1}: {total * 1000:.0f} ms (approve request {t_request * 1000:.0f} ms,"
            f" first search {first_search * 1000:.0f} ms, polls {polls})")  # fmt: skip
    totals = [r["total_ms"] for r in rows]
    return {
        "rounds": rows,
        "median_ms": statistics.median(totals),
        "max_ms": max(totals),
        "approve_request_median_ms": statistics.median(r["approve_request_ms"] for r in rows),
        "first_search_median_ms": statistics.median(r["first_search_ms"] for r in rows),
    }


# --- output -------------------------------------------------------------------------------


def typical_target(n: int) -> float:
    return 2.0 if n <= 30_000 else 3.0


def table(res: dict) -> str:
    n = res["n"]
    q = res["queries"]
    lines = [
        f"N = {n:,} postings ({res['visible']:,} visible), {res['date']}, {res['machine']}",
        "",
        f"{'query':10s} {'service p50':>12s} {'p95':>8s} {'FTS5 p50':>10s} {'p95':>8s}"
        f" {'ratio p50':>10s} {'p95':>6s} {'hits svc/FTS5':>15s}",
    ]
    for kind in ("typical", "broad", "browse"):
        s = q[kind]
        lines.append(
            f"{kind:10s} {s['service_p50_ms']:10.1f}ms {s['service_p95_ms']:6.1f}ms"
            f" {s['fts_p50_ms']:8.1f}ms {s['fts_p95_ms']:6.1f}ms {s['ratio_p50']:10.2f}"
            f" {s['ratio_p95']:6.2f} {s['service_hits_median']:>7.0f}/{s['fts_hits_median']:<7.0f}"
        )
    p = res["publish"]
    c = res["cold"]
    lines += [
        "",
        f"load (import_lines, {res['load']['chunk']} lines/chunk): {res['load']['seconds']:.1f} s"
        f" ({res['load']['postings'] / res['load']['seconds']:.0f} postings/s),"
        f" peak RSS {res['memory']['load_mb']:.0f} MB",
        f"rebuild_index: {res['rebuild']['seconds']:.1f} s, CPU {res['rebuild']['cpu_seconds']:.1f} s"
        f" ({res['rebuild']['documents']:,} docs,"
        f" outbox rows applied {res['rebuild']['outbox_rows']:,}), peak RSS"
        f" {res['memory']['rebuild_mb']:.0f} MB; index {res['rebuild']['index_mb']:.0f} MB",
        f"FTS5 build: {res['fts_build']['seconds']:.1f} s; FTS5 file {res['fts_build']['mb']:.0f} MB",
        f"first search of a fresh process: browse {c['browse_ms']:.0f} ms,"
        f" typical {c['typical_ms']:.0f} ms",
        f"publish -> searchable: median {p['median_ms']:.0f} ms, max {p['max_ms']:.0f} ms"
        f" ({len(p['rounds'])} rounds; approve request incl. sync {p['approve_request_median_ms']:.0f} ms,"
        f" first search {p['first_search_median_ms']:.0f} ms)",
        f"peak RSS of the measuring phase {res['memory']['measure_mb']:.0f} MB;"
        f" ru_maxrss of the run {res['memory']['ru_maxrss_mb']:.0f} MB;"
        f" wall time {res['wall_seconds'] / 60:.1f} min",
    ]
    return "\n".join(lines)


def verdicts(res: dict) -> list[tuple[str, str, str, bool]]:
    n, q = res["n"], res["queries"]
    out = [
        (
            "typical query p95 / FTS5",
            f"≤ {typical_target(n):g}×",
            f"{q['typical']['ratio_p95']:.2f}×",
            q["typical"]["ratio_p95"] <= typical_target(n),
        ),
        (
            "browse with counts / FTS5 (p50; p95)",
            "≤ 0.5×",
            f"{q['browse']['ratio_p50']:.2f}×; {q['browse']['ratio_p95']:.2f}×",
            q["browse"]["ratio_p50"] <= 0.5 and q["browse"]["ratio_p95"] <= 0.5,
        ),
        (
            "publish → searchable (max)",
            "≤ 2 s",
            f"{res['publish']['max_ms'] / 1000:.2f} s",
            res["publish"]["max_ms"] <= 2000,
        ),
    ]
    if n <= 10_000:
        out.append(
            (
                "rebuild of 10k",
                "≤ 30 s",
                f"{res['rebuild']['seconds']:.1f} s",
                res["rebuild"]["seconds"] <= 30,
            )
        )
    return out


def markdown(res: dict) -> str:
    n, q = res["n"], res["queries"]
    lines = [
        f"### {n:,} postings",
        "",
        f"{res['date']}, {res['machine']}. Command: `{res['command']}`",
        "",
        "| Query | Service p50 | Service p95 | FTS5 p50 | FTS5 p95 | Ratio p50 | Ratio p95 |"
        " Hits (service / FTS5, median) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    labels = {
        "typical": "typical: 1–3 words + 2 filters + counts",
        "broad": "broad: 1 word, no filters + counts",
        "browse": "browse: no text + counts",
    }
    for kind in ("typical", "broad", "browse"):
        s = q[kind]
        lines.append(
            f"| {labels[kind]} | {s['service_p50_ms']:.1f} ms | {s['service_p95_ms']:.1f} ms |"
            f" {s['fts_p50_ms']:.1f} ms | {s['fts_p95_ms']:.1f} ms | {s['ratio_p50']:.2f}× |"
            f" {s['ratio_p95']:.2f}× | {s['service_hits_median']:.0f} / {s['fts_hits_median']:.0f} |"
        )
    lines += [
        "",
        "Typical queries one by one (median of each query's runs):",
        "",
        "| Text | Filters | Service | FTS5 | Ratio | Hits (service / FTS5) |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for row in q["typical"]["queries"]:
        filters = ", ".join(f"{k}={v}" for k, v in row["filters"].items())
        lines.append(
            f"| {row['text']} | {filters} | {row['service_ms']:.1f} ms | {row['fts_ms']:.1f} ms |"
            f" {row['service_ms'] / row['fts_ms']:.2f}× | {row['service_hits']} / {row['fts_hits']} |"
        )
    p, c, m = res["publish"], res["cold"], res["memory"]
    lines += [
        "",
        "| Measure | Value |",
        "|---|---:|",
        f"| load: `import_lines(publish=True)`, {res['load']['chunk']:,} lines per call |"
        f" {res['load']['seconds']:.0f} s ({res['load']['postings'] / res['load']['seconds']:.0f}/s) |",
        f"| `rebuild_index()` ({res['rebuild']['documents']:,} documents,"
        f" {res['rebuild']['outbox_rows']:,} outbox rows applied): wall / CPU |"
        f" {res['rebuild']['seconds']:.1f} s / {res['rebuild']['cpu_seconds']:.1f} s |",
        f"| FTS5 baseline build (same corpus) | {res['fts_build']['seconds']:.1f} s |",
        f"| index size / FTS5 file size | {res['rebuild']['index_mb']:.0f} MB /"
        f" {res['fts_build']['mb']:.0f} MB |",
        f"| peak RSS: load / rebuild / measuring | {m['load_mb']:.0f} / {m['rebuild_mb']:.0f} /"
        f" {m['measure_mb']:.0f} MB |",
        f"| first search of a fresh process (opens the index, fills the caches): browse /"
        f" typical | {c['browse_ms']:.0f} / {c['typical_ms']:.0f} ms |",
        f"| publish → searchable, median / max of {len(p['rounds'])} |"
        f" {p['median_ms']:.0f} / {p['max_ms']:.0f} ms |",
        f"| … of which the approving request with its after-commit sync (median) |"
        f" {p['approve_request_median_ms']:.0f} ms |",
        f"| … of which the first search after the change (median) |"
        f" {p['first_search_median_ms']:.0f} ms |",
        f"| wall time of the run | {res['wall_seconds'] / 60:.1f} min |",
        "",
        "| Target | Goal | Measured | Met |",
        "|---|---|---|---|",
    ]
    for name, goal, value, ok in verdicts(res):
        lines.append(f"| {name} | {goal} | {value} | {'yes' if ok else '**no**'} |")
    return "\n".join(lines) + "\n"


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


# --- main ---------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of postings")
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument("--reps", type=int, default=120, help="timed runs per query kind")
    parser.add_argument("--warmup", type=int, default=20, help="untimed runs per query kind")
    parser.add_argument("--chunk", type=int, default=2000, help="lines per import_lines() call")
    parser.add_argument("--publish-rounds", type=int, default=5)
    parser.add_argument("--markdown", metavar="FILE", help="write a Markdown block ('-': stdout)")
    parser.add_argument("--json", metavar="FILE", help="write the raw figures as JSON")
    parser.add_argument("--workdir", help="use this directory (kept) instead of a temp dir")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)

    def log(msg: str = "", end: str = "\n") -> None:
        print(msg, end=end, file=sys.stderr, flush=True)

    wall = time.perf_counter()
    workdir = (
        Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="jobboard-bench-"))
    )
    workdir.mkdir(parents=True, exist_ok=True)
    log(f"work directory: {workdir}")
    try:
        res = run(args, workdir, log)
    finally:
        if not (args.keep or args.workdir):
            shutil.rmtree(workdir, ignore_errors=True)
    res["wall_seconds"] = time.perf_counter() - wall
    print(table(res))
    print()
    for name, goal, value, ok in verdicts(res):
        print(f"{'OK  ' if ok else 'MISS'} {name}: {value} (target {goal})")
    if args.markdown:
        text = markdown(res)
        if args.markdown == "-":
            print()
            print(text)
        else:
            Path(args.markdown).write_text(text, encoding="utf-8")
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=2, default=str), encoding="utf-8")
    return 0


def run(args, workdir: Path, log) -> dict:
    from jobboard.extensions import db
    from jobboard.search import rebuild_index
    from jobboard.timeutil import today_berlin

    res: dict = {
        "n": args.n,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, SQLite {sqlite3.sqlite_version}",
        "command": "python benchmarks/search_bench.py " + " ".join(sys.argv[1:]),
        "memory": {},
    }
    app = make_app(workdir)
    install_bench_routes(app)
    gen = Generator(args.seed, today_berlin())

    # 1. generate and load
    log(f"generating {args.n} postings ...")
    path = workdir / "postings.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for record in gen.postings(args.n):
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    res["jsonl_mb"] = path.stat().st_size / 1e6
    with app.app_context():
        db.create_all()
        create_organisations(gen)
    log("loading through import_lines(publish=True) ...")
    peak_reset()
    res["load"] = load(app, path, args.chunk, log)
    res["memory"]["load_mb"] = peak_mb()
    res["spread"] = spread_publication(app, args.seed)
    log(f"  {res['load']['postings']} postings in {res['load']['seconds']:.1f} s")

    # 2. rebuild
    log("rebuilding the index ...")
    gc.collect()
    peak_reset()
    with app.app_context():
        t0, c0 = time.perf_counter(), time.process_time()
        report = rebuild_index()
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        db.session.remove()
    res["memory"]["rebuild_mb"] = peak_mb()
    res["rebuild"] = {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "documents": report.documents,
        "outbox_rows": report.outbox.rows,
        # Outbox rows of the import the rebuild made unnecessary (deleted, not applied).
        "superseded": getattr(report, "superseded", None),
        "index_mb": dir_mb(workdir / "search-index"),
    }
    res["visible"] = report.documents
    log(f"  {report}")

    # 3. the baseline
    log("building the FTS5 baseline ...")
    fts_path = workdir / "fts.sqlite3"
    res["fts_build"] = build_fts(app, fts_path)
    res["fts_build"]["mb"] = fts_path.stat().st_size / 1e6
    log(f"  {res['fts_build']['documents']} documents in {res['fts_build']['seconds']:.1f} s")

    # 4. queries
    log("measuring queries ...")
    gc.collect()
    peak_reset()
    res["cold"] = first_search_cold(app, log)
    fts = Fts(fts_path)
    res["queries"] = measure(app, fts, args.reps, args.warmup, log)
    res["memory"]["measure_mb"] = peak_mb()

    # 5. publish -> searchable
    log("publish -> searchable ...")
    res["publish"] = publish_to_searchable(app, gen, args.publish_rounds, log)
    res["memory"]["ru_maxrss_mb"] = maxrss_mb()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return res


if __name__ == "__main__":
    raise SystemExit(main())
