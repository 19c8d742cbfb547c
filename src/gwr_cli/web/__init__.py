"""``gwr serve``: the ledger on an office intranet.  Each unit opens its own
secret link (``ledger.access``) and fills its rows in a browser; the 督查室
sees everything, closes tasks and downloads the period's ledger.

The web layer sits beside ``cli`` (top layer): it answers requests and reads
and writes only through ``ledger`` (entries, status, access).  Nothing imports
it but the ``serve`` command, by name, when it runs.

| module | concern |
|---|---|
| ``state`` | the server's settings and its open ledger and document |
| ``security`` | sessions, the CSRF token, body size limit, response headers |
| ``units_pages`` | a unit's task list, a task's page, recording an entry |
| ``office`` | the 督查室's dashboard, 销号, the xlsx download |
| ``app`` | the route table and the application |
| ``templates/``, ``static/`` | Jinja2 pages (autoescaped) and the one stylesheet |
"""
