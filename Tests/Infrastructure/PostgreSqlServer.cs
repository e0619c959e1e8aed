using Npgsql;

namespace ClubGrains.Tests.Infrastructure;

/// <summary>
/// The throwaway PostgreSQL server that ./test.sh starts. Each test gets a database of its own.
/// Plain <c>dotnet test</c> without one skips PostgreSQL tests with the reason; under ./test.sh
/// (CLUBGRAINS_REQUIRE_POSTGRES=1) a missing server fails them instead.
/// </summary>
public static class PostgreSqlServer
{
    public const string ConnectionVariable = "CLUBGRAINS_TEST_POSTGRES";
    public const string RequiredVariable = "CLUBGRAINS_REQUIRE_POSTGRES";

    public static string? AdminConnectionString => Environment.GetEnvironmentVariable(ConnectionVariable);

    /// <summary>Skips (or, under ./test.sh, fails) when no server was given.</summary>
    public static string RequireServer()
    {
        var connection = AdminConnectionString;
        if (string.IsNullOrWhiteSpace(connection))
        {
            if (Environment.GetEnvironmentVariable(RequiredVariable) == "1")
            {
                Assert.Fail($"{ConnectionVariable} is not set, but {RequiredVariable}=1: ./test.sh must provide PostgreSQL.");
            }

            Skip.If(true, $"PostgreSQL tests need a server: run ./test.sh, or set {ConnectionVariable} to a connection string of a role that may create databases.");
        }

        return connection!;
    }

    /// <summary>Creates an empty database owned by the test role and returns its connection string.</summary>
    public static async Task<string> CreateDatabase()
    {
        var admin = new NpgsqlConnectionStringBuilder(RequireServer());
        var name = "cg_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name} OWNER \"{admin.Username}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin.ConnectionString) { Database = name }.ConnectionString;
    }
}
