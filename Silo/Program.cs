using ClubGrains.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClubGrains.Silo;

/// <summary>
/// A headless silo for a cluster: the same grains and ClubGrains:* settings as the API's embedded silo,
/// plus a small HTTP listener (the management listener, loopback by default) for /metrics and /dashboard.
/// </summary>
public static class Program
{
    /// <summary>A second silo on the same machine sets ClubGrains:Management:Url to another port.</summary>
    public const string DefaultManagementUrl = "http://127.0.0.1:9464";

    public static async Task<int> Main(string[] args)
    {
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
            builder.UseOrleans(silo => silo.UseClubGrains(builder.Configuration));
            var monitoring = builder.AddClubGrainsTelemetry(ClubGrainsTelemetryExtensions.SiloServiceName, DefaultManagementUrl);
            ManagementListener.Listen(builder.WebHost, monitoring, keepProgramUrls: false);
            builder.Services.AddProblemDetails();
            builder.Services.AddManagementPolicy();

            await using var app = builder.Build();
            app.UseStatusCodePages();
            app.UseManagementListenerScope(monitoring);
            app.UseAuthorization();
            app.MapManagementEndpoints(monitoring);
            await app.RunAsync();
            return 0;
        }
        catch (Exception e) when (ClubGrainsStartupException.Find(e) is { } startup)
        {
            await Console.Error.WriteLineAsync($"ClubGrains silo cannot start: {startup.Message}");
            return 2;
        }
        catch (IOException e) when (e.Message.StartsWith("Failed to bind", StringComparison.Ordinal))
        {
            // Two silos on one machine need two management ports.
            await Console.Error.WriteLineAsync($"ClubGrains silo cannot start: {e.Message} Set ClubGrains:Management:Url to a free port.");
            return 2;
        }
    }
}
