using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace ClubGrains.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of one test's own, so the test may stop it without disturbing the shared one:
/// initdb into a temporary folder, the server in the foreground as a <see cref="ChildProcess"/> (as the
/// postgres user when the test runs as root: initdb and postgres refuse root), on a free loopback port.
/// </summary>
public sealed class PrivatePostgreSql : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly string _bin;
    private ChildProcess? _server;

    private PrivatePostgreSql(string bin)
    {
        _bin = bin;
        Port = TestSilo.FreePort();
    }

    public int Port { get; }

    /// <summary>The role that owns the <c>clubgrains</c> database, as ./test.sh's server has it.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=clubgrains;Password=clubgrains;Database=clubgrains;Timeout=5";

    public string Log => _server?.Tail(60) ?? "(not running)";

    /// <summary>Creates and starts a server; skips (or fails under ./test.sh) when PostgreSQL is not installed.</summary>
    public static async Task<PrivatePostgreSql> Create()
    {
        PostgreSqlServer.RequireServer();
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderBy(d => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : new Version(0, 0)).LastOrDefault()
            : null;
        Assert.True(bin is not null, "PostgreSQL's server programs (/usr/lib/postgresql/*/bin/initdb) are missing: ./test.sh installs them.");
        var server = new PrivatePostgreSql(bin!);
        try
        {
            Directory.CreateDirectory(server.DataFolder);
            Directory.CreateDirectory(server.SocketFolder);
            if (IsRoot)
            {
                await Run("chown", ["-R", "postgres:postgres", server._folder.Path]);
            }

            var (program, arguments) = AsOwner(Path.Combine(bin!, "initdb"), ["-D", server.DataFolder, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]);
            await Run(program, arguments);
            await server.Start();
            await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={server.Port};Username=postgres;Database=postgres");
            await connection.OpenAsync();
            foreach (var sql in new[] { "CREATE ROLE clubgrains LOGIN PASSWORD 'clubgrains' CREATEDB", "CREATE DATABASE clubgrains OWNER clubgrains" })
            {
                await using var command = new NpgsqlCommand(sql, connection);
                await command.ExecuteNonQueryAsync();
            }

            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private string DataFolder => _folder.File("data");

    private string SocketFolder => _folder.File("socket");

    /// <summary>Starts the server on its port and waits (bounded) until it accepts connections.</summary>
    public async Task Start()
    {
        Assert.True(_server is null || _server.HasExited, "The server is already running.");
        _server?.Dispose();
        string[] arguments = ["-D", DataFolder, "-p", Port.ToString(CultureInfo.InvariantCulture), "-k", SocketFolder,
            "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200", "-c", "fsync=on"];
        var (program, owned) = AsOwner(Path.Combine(_bin, "postgres"), arguments);
        _server = ChildProcess.Start("postgres", program, owned);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            Assert.False(_server.HasExited, $"PostgreSQL exited at start:{Environment.NewLine}{_server.Tail()}");
            try
            {
                await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=2;Pooling=false");
                await connection.OpenAsync();
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }

    /// <summary>kill -9 of the server and every backend: to its clients, the database is gone at once.</summary>
    public void Crash()
    {
        Assert.True(_server?.Kill() ?? false, "PostgreSQL did not die.");
        NpgsqlConnection.ClearAllPools();
    }

    public void Dispose()
    {
        _server?.Dispose();
        _folder.Dispose();
    }

    /// <summary>The command line that runs a PostgreSQL program as its owner: runuser keeps the server in the child's process group.</summary>
    private static (string Program, string[] Arguments) AsOwner(string program, string[] arguments) =>
        IsRoot ? ("runuser", ["-u", "postgres", "--", program, .. arguments]) : (program, arguments);

    private static async Task Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}):{Environment.NewLine}{await output}{await error}");
    }
}
