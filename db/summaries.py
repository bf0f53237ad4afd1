"""Summary tables and indexes made at build time, so that every served page stays fast at 100,000 documents.

A canned query or a view that aggregates over the cases or the documents is computed once here, by the very
SQL it used to run, into a table the query then reads (summary_*; `coverage` becomes a table). The indexes
are the ones the served pages need: every facet column of metadata.yml, each sort order, each reference a row
page counts. create_summaries() runs on the finished tables at the end of every build (db/build.py) and after
bench/serving.py multiplies the rows; it replaces what an earlier run made.
"""

from __future__ import annotations

import sqlite_utils

# Documents per source per month (the former `coverage` view, same SQL, same order).
COVERAGE = """
select d.source_kind, d.publisher, substr(d.published, 1, 7) as month, count(*) as documents,
       sum(a.relevant) as relevant_documents
from documents d join annotations a on a.document_id = d.id
group by d.source_kind, d.publisher, month
order by month desc, d.source_kind, d.publisher
"""

# Each summary table: the aggregating SQL the canned query used to run over cases, stored in its output order
# (each order is total, so the rows do not depend on how the tables were written), so that reading the table in
# rowid order gives the very rows the query gives.
SUMMARIES = {
    "coverage": COVERAGE,
    "summary_cases_by_year": """
        select substr(first_date, 1, 4) as year, gender_dynamic, status, count(*) as cases
        from cases
        group by year, gender_dynamic, status
        order by year desc, cases desc, gender_dynamic, status""",
    "summary_contraband_by_facility_kind": """
        select c.facility_kind, cc.contraband, count(distinct c.id) as cases,
               sum(c.status = 'convicted') as convicted_cases
        from case_contraband cc join cases c on c.id = cc.case_id
        group by c.facility_kind, cc.contraband
        order by cases desc, c.facility_kind, cc.contraband""",
    "summary_custody_months": """
        with terms as (
          select cm.misconduct, c.country, c.custody_months as months
          from case_misconduct cm join cases c on c.id = cm.case_id
          where c.status = 'convicted' and c.custody_months is not null
        ), ranked as (
          select misconduct, country, months,
                 row_number() over (partition by misconduct, country order by months) as rn,
                 count(*) over (partition by misconduct, country) as n
          from terms
        )
        select misconduct, country, max(n) as cases,
               avg(case when rn in ((n + 1) / 2, (n + 2) / 2) then months end) as median_months,
               min(months) as min_months, max(months) as max_months
        from ranked
        group by misconduct, country
        order by cases desc, misconduct, country""",
    # One row per convicted case with its warning signs and source links joined into text, and how many signs
    # it has (the trainers' query sorts on it): the two correlated sub-queries per case run once, here.
    "summary_training_examples": """
        select c.id as case_id, c.name, c.role, c.misconduct, c.contraband, c.facility_name, c.summary,
               (select group_concat(sign, char(10)) from (select w.kind || ': ' || w.quote as sign from case_warning_signs w
                                                         where w.case_id = c.id order by w.id)) as warning_signs,
               (select group_concat(source_url, char(10)) from (select source_url from case_documents d where d.case_id = c.id
                                                                group by source_url order by min(d.id))) as sources,
               (select count(*) from case_warning_signs w where w.case_id = c.id) as warning_sign_count,
               c.last_date
        from cases c
        where c.status = 'convicted'
        order by warning_sign_count desc, c.last_date desc, c.id""",
}
SUMMARY_TABLES = tuple(SUMMARIES)

# (table, columns): facet columns of metadata.yml, sort orders of the table pages and canned queries, and the
# references a row page counts ("N rows in case_warning_signs link here"). "-" before a column: descending.
# A page filtered on the main filter (annotations.relevant, cases.status) counts its facets from (filter, facet) indexes.
INDEXES = [
    *(("annotations", cols) for facet in ("stage", "role", "gender_dynamic", "facility_kind", "country")
      for cols in ([facet], ["relevant", facet])),
    ("annotations", ["published"]), ("annotations", ["relevant", "published"]),
    *(("cases", cols) for facet in ("current_stage", "role", "gender_dynamic", "facility_kind", "country")
      for cols in ([facet], ["status", facet])),
    ("cases", ["status", "-last_date", "name"]), ("cases", ["last_date"]), ("cases", ["latest_document_id"]),
    ("cases", ["misconduct"]),
    ("case_documents", ["stage"]), ("case_documents", ["origin"]), ("case_documents", ["case_id", "date"]),
    ("case_warning_signs", ["kind"]), ("case_warning_signs", ["origin"]), ("case_warning_signs", ["document_id"]),
    ("corrections", ["target_type"]), ("corrections", ["field"]), ("corrections", ["reviewer"]),
    ("defendants", ["role"]), ("defendants", ["gender"]),
    ("documents", ["source_kind"]), ("documents", ["licence"]), ("documents", ["publisher"]), ("documents", ["source_id"]),
    ("evidence", ["field"]), ("evidence", ["location"]),
    ("summary_training_examples", ["-warning_sign_count", "-last_date"]),
]


def index_name(table: str, cols: list[str]) -> str:
    return "idx_" + table + "_" + "_".join(c.lstrip("-") + ("_desc" if c.startswith("-") else "") for c in cols)


def create_summaries(db: sqlite_utils.Database) -> None:
    """(Re)make the summary tables from the current rows and create the serving indexes (idempotent)."""
    conn = db.conn
    with conn:
        for table, sql in SUMMARIES.items():
            kind = conn.execute("select type from sqlite_master where name = ?", (table,)).fetchone()
            if kind:
                conn.execute(f"drop {kind[0]} [{table}]")
            conn.execute(f"create table [{table}] as {sql}")
        for table, cols in INDEXES:
            spec = ", ".join(f"[{c.lstrip('-')}]" + (" desc" if c.startswith("-") else "") for c in cols)
            conn.execute(f"create index if not exists [{index_name(table, cols)}] on [{table}] ({spec})")
