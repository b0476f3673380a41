# No models: this app holds the row-level security migrations, the middleware
# and the commands that keep PostgreSQL's second wall around each office.
