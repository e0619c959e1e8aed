using System.Diagnostics;
using System.Text.Json;

namespace ClubGrains.Tests.Infrastructure;

/// <summary>
/// Spectral, the OpenAPI linter (npm's @stoplight/spectral-cli, installed by ./test.sh through
/// scripts/spectral.sh), run on a document with the repository's .spectral.yaml. Plain <c>dotnet test</c>
/// without it skips the lint with the reason; under ./test.sh (CLUBGRAINS_REQUIRE_SPECTRAL=1) a missing
/// linter fails it.
/// </summary>
public static class SpectralLinter
{
    public const string BinaryVariable = "CLUBGRAINS_SPECTRAL";
    public const string RequiredVariable = "CLUBGRAINS_REQUIRE_SPECTRAL";

    public static string RequireBinary()
    {
        var binary = Environment.GetEnvironmentVariable(BinaryVariable);
        if (binary is not { Length: > 0 } || !File.Exists(binary))
        {
            if (Environment.GetEnvironmentVariable(RequiredVariable) == "1")
            {
                Assert.Fail($"Spectral is missing ('{binary}'), but {RequiredVariable}=1: ./test.sh must install it (scripts/spectral.sh).");
            }

            Skip.If(true, $"The OpenAPI lint needs Spectral: run ./test.sh, or source scripts/spectral.sh, run spectral_install and set {BinaryVariable}=$SPECTRAL_BIN.");
        }

        return binary;
    }

    /// <summary>Every result of the lint (errors and warnings alike), as "severity code path: message" lines.</summary>
    public static async Task<IReadOnlyList<string>> Lint(string binary, string document)
    {
        using var folder = new TempFolder();
        var input = folder.File("openapi.json");
        var output = folder.File("results.json");
        await File.WriteAllTextAsync(input, document);

        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = folder.Path,
        };
        foreach (var argument in new[] { "lint", input, "--ruleset", Path.Combine(Repository.Root, ".spectral.yaml"), "--format", "json", "--output", output, "--fail-severity", "hint", "--quiet" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var log = $"{await stdout}{await stderr}";

        // Exit 0: nothing found; 1: results found (written to the output); anything else: the lint did not run.
        Assert.True(process.ExitCode is 0 or 1 && File.Exists(output), $"Spectral failed (exit {process.ExitCode}): {log}");
        using var results = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        string[] severities = ["error", "warning", "info", "hint"];
        return results.RootElement.EnumerateArray()
            .Select(r => $"{severities[r.GetProperty("severity").GetInt32()]} {r.GetProperty("code").GetString()} " +
                         $"{string.Join('.', r.GetProperty("path").EnumerateArray().Select(p => p.ToString()))}: {r.GetProperty("message").GetString()}")
            .ToList();
    }
}
