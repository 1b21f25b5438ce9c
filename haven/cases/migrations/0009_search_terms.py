"""The search index table, filled for every survivor already recorded.

The backfill decrypts each survivor's names, date of birth, postcode and phone number in
memory (with the field keys, as rotate_field_keys does) and stores only their keyed hashes.
"""

import django.db.models.deletion
from django.db import migrations, models


BATCH = 1000


def fill_search_terms(apps, schema_editor):
    from haven.cases.rules.search import survivor_search_keys
    from haven.lib.crypto import blind_index

    Survivor = apps.get_model("cases", "Survivor")
    SearchTerm = apps.get_model("cases", "SearchTerm")
    rows = []
    survivors = Survivor.objects.only(
        "case_id", "given_name", "family_name", "known_as", "date_of_birth", "postcode", "phone"
    ).order_by("pk")
    for survivor in survivors.iterator(chunk_size=BATCH):
        keys = survivor_search_keys(
            given_name=survivor.given_name or "",
            family_name=survivor.family_name or "",
            known_as=survivor.known_as or "",
            date_of_birth_iso=survivor.date_of_birth.isoformat() if survivor.date_of_birth else "",
            postcode=survivor.postcode or "",
            phone=survivor.phone or "",
        )
        terms = {blind_index(value, purpose=purpose) for purpose, value in keys}
        rows.extend(SearchTerm(case_id=survivor.case_id, term=term) for term in terms if term)
        if len(rows) >= BATCH:
            SearchTerm.objects.bulk_create(rows)
            rows = []
    SearchTerm.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0008_intake_triage_facts"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("term", models.CharField(max_length=32)),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="search_terms",
                        to="cases.case",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("term", "case"), name="search_term_case_unique")
                ],
            },
        ),
        migrations.RunPython(fill_search_terms, migrations.RunPython.noop),
    ]
