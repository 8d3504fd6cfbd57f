"""HTTP API tests (fixtures live in the tests.servers.api_app plugin)."""
