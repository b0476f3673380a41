"""Row-level security on PostgreSQL: the office boundary enforced by the database too."""
