using AiScheduler.Testing;

// One throwaway PostgreSQL server for the whole test assembly; each test creates its own database on it.
[assembly: AssemblyFixture(typeof(PostgresFixture))]
