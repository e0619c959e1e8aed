using ClubGrains.Api.Auth;
using ClubGrains.Api.Hosting;
using ClubGrains.Hosting;

namespace ClubGrains.Api;

public sealed class Program
{
    private Program()
    {
    }

    public static async Task<int> Main(string[] args)
    {
        try
        {
            if (args.Length > 0 && args[0] == TokenCommand.Name)
            {
                // Settings overrides take the --ClubGrains:Key=value form here; everything else is the command's.
                var overrides = args.Skip(1).Where(IsSettingOverride).ToArray();
                var configuration = new ConfigurationBuilder()
                    .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
                    .AddEnvironmentVariables()
                    .AddCommandLine(overrides)
                    .Build();
                return TokenCommand.Run(args.Skip(1).Where(a => !IsSettingOverride(a)).ToArray(), configuration, Console.Out, Console.Error);
            }

            var app = ClubGrainsApi.Build(args);
            await app.RunAsync();
            return 0;
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            // Kestrel's own words name the address; an unhandled exception would abort the process with a stack dump.
            await Console.Error.WriteLineAsync($"ClubGrains cannot start: {e.Message} Another process (perhaps another ClubGrains) listens there; stop it, or choose another address (--urls, ClubGrains:Management:Url).");
            return 2;
        }
        catch (Microsoft.Extensions.Options.OptionsValidationException e)
        {
            // A setting validated at start (ValidateOnStart): each problem named, without a stack trace.
            await Console.Error.WriteLineAsync($"ClubGrains cannot start: {string.Join(" ", e.Failures)}");
            return 2;
        }
        catch (Exception e) when (ClubGrainsStartupException.Find(e) is { } startup)
        {
            // A start-up problem the operator can fix: say what it is, without a stack trace.
            await Console.Error.WriteLineAsync($"ClubGrains cannot start: {startup.Message}");
            return 2;
        }
    }

    private static bool IsSettingOverride(string arg) => arg.StartsWith("--ClubGrains:", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal);
}
