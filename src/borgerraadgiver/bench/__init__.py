"""The benchmarks of `make bench`: python -m borgerraadgiver.bench [options].

Builds a synthetic office (`bench`, Albertslund's org units) with 1,000,000
complaint points, about 650,000 inquiries, over ten years ending today
(seeded: the same seed and day give the same data), then prints one line
per figure, `name: value unit`, with the target next to it:

- build_seconds, inquiries, complaint_points, persons, journal_entries
- worklist, list_filtered (last calendar year and one top-level org unit
  with its sub-units), list_search (q=svar), list_search_name (q=Jensen) and
  inquiry_page (a different inquiry each request): `_p50` and `_p95` server
  time in ms over 50 requests from one client, then `_concurrent4_p50/_p95`
  over 50 requests shared by four client processes at once (see bench/measure.py for
  what "server time" covers). Target: every p95 under 150 ms.
- import_rows_per_second: imports/services.import_file on a generated CSV
  of 100,000 rows into the same office. Target: at least 2,000 rows/s.

Options: --quick (20,000 points, 5,000 import rows), --points N,
--import-rows N, --requests N (per page, default 50),
--clients N (default 4), --jobs N (build processes), --seed N,
--keep (keep the bench database).

The database (see bench/database.py):
    make bench                    SQLite, a fresh var/bench/bench.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make bench
                                  PostgreSQL: creates the database
                                  borgerraadgiver_bench on that server for the
                                  run and drops it afterwards
    BENCH_DATABASE_URL=...        any database you can spare, used as given

The build draws in two worker processes (one per core, at most two) while
the main process inserts; on two idle cores it takes a few minutes, the
measurements a few more, depending on how fast the pages are.
"""
