"""schema.org markup (JSON-LD) for posting pages: `JobPosting` for vacancies, `Course` with
`CourseInstance` for training offers. Only what the page also shows; none on pages of
offers that ran out.
"""

from __future__ import annotations

from typing import Any

from .. import taxonomy
from ..models import Posting
from ..richtext import render_markdown
from ..templating import posting_url

EMPLOYMENT_TYPES = {
    "full_time": "FULL_TIME",
    "part_time": "PART_TIME",
    "internship": "INTERN",
    "apprenticeship": "OTHER",
    "working_student": "PART_TIME",
    "thesis": "INTERN",
    "freelance": "CONTRACTOR",
}
SALARY_UNITS = {"year": "YEAR", "month": "MONTH", "hour": "HOUR"}
COURSE_MODES = {
    "on_site": "Onsite",
    "online_live": "Online",
    "self_paced": "Online",
    "blended": "Blended",
}


def for_posting(posting: Posting) -> dict[str, Any]:
    return job_posting(posting) if posting.is_vacancy else course(posting)


def _organisation(posting: Posting) -> dict[str, Any]:
    data = {"@type": "Organization", "name": posting.hiring_name}
    if posting.hiring_website:
        data["sameAs"] = posting.hiring_website
    return data


def _place(posting: Posting) -> dict[str, Any] | None:
    if not posting.city:
        return None
    address = {
        "@type": "PostalAddress",
        "addressLocality": posting.city,
        "addressCountry": "DE",
    }
    if posting.street:
        address["streetAddress"] = posting.street
    if posting.postcode:
        address["postalCode"] = posting.postcode
    if posting.region:
        address["addressRegion"] = taxonomy.LAENDER.label(taxonomy.land_of(posting.region))
    return {"@type": "Place", "address": address}


def job_posting(posting: Posting) -> dict[str, Any]:
    """Google's required and recommended JobPosting properties."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": posting.title,
        "description": str(render_markdown(posting.description)),
        "datePosted": posting.published_at.date().isoformat() if posting.published_at else None,
        "validThrough": posting.expires_at.isoformat() if posting.expires_at else None,
        "hiringOrganization": _organisation(posting),
        "identifier": {
            "@type": "PropertyValue",
            "name": posting.organisation.name,
            "value": str(posting.id),
        },
        "url": posting_url(posting, _external=True),
        "inLanguage": posting.language,
        "directApply": False,  # applications go to the employer's own channel
    }
    types = [EMPLOYMENT_TYPES.get(posting.employment_type or "", "OTHER")]
    if posting.contract_type == "fixed_term":
        types.append("TEMPORARY")
    data["employmentType"] = types if len(types) > 1 else types[0]
    place = _place(posting)
    if posting.remote_mode == "remote":
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": "DE"}
    if place:
        data["jobLocation"] = place  # a remote job may still name its base
    if posting.salary_min is not None or posting.salary_max is not None:
        value: dict[str, Any] = {
            "@type": "QuantitativeValue",
            "unitText": SALARY_UNITS.get(posting.salary_period or "", "YEAR"),
        }
        if posting.salary_min is not None:
            value["minValue"] = float(posting.salary_min)
        if posting.salary_max is not None:
            value["maxValue"] = float(posting.salary_max)
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "EUR", "value": value}
    if posting.start_date:
        data["jobStartDate"] = posting.start_date.isoformat()
    return {k: v for k, v in data.items() if v is not None}


def course(posting: Posting) -> dict[str, Any]:
    """A Course with one CourseInstance per run."""
    offer = {
        "@type": "Offer",
        "price": 0
        if posting.is_free
        else (float(posting.price_eur) if posting.price_eur else None),
        "priceCurrency": "EUR",
        "category": "Free" if posting.is_free else "Paid",
        "url": posting_url(posting, _external=True),
    }
    offer = {k: v for k, v in offer.items() if v is not None}
    place = _place(posting)
    instances = []
    for run in posting.runs:
        instance: dict[str, Any] = {
            "@type": "CourseInstance",
            "courseMode": COURSE_MODES.get(posting.training_format or "", "Onsite"),
            "startDate": run.start_date.isoformat(),
            "endDate": run.end_date.isoformat(),
            "offers": offer,
        }
        if place and posting.training_format in ("on_site", "blended"):
            instance["location"] = place
        if posting.duration_value and posting.duration_unit == "hours":
            instance["courseWorkload"] = f"PT{posting.duration_value}H"
        instances.append(instance)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": posting.title,
        "description": str(render_markdown(posting.description)),
        "provider": _organisation(posting),
        "url": posting_url(posting, _external=True),
        "inLanguage": posting.language,
        "offers": offer,
        "hasCourseInstance": instances,
    }
    if posting.certificate:
        data["educationalCredentialAwarded"] = posting.certificate
    if posting.prerequisites:
        data["coursePrerequisites"] = posting.prerequisites
    return data
