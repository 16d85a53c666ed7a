"""The permission matrix: every route, every role, who gets what.

- world.py: the roles and the objects they act on, built once for the package
  (conftest.py) and rolled back at the end; each case runs in a savepoint of its own.
- cases.py: what an entry says (`Case`) and how it is checked; a refused request must
  change nothing.
- test_<app>.py: each app's routes in a `MATRIX` of its own. A new app adds its module
  here (and the objects it needs to world.py).

tests/test_permission_matrix.py fails when a route of the project is in no module's
matrix, in two, or when an entry matches no route. The WebSocket cases are in
tests/test_websocket_matrix.py.
"""
