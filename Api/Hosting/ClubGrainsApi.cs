using System.Text.Json;
using System.Text.Json.Serialization;
using ClubGrains.Api.Accounts;
using ClubGrains.Api.Auth;
using ClubGrains.Api.Bookings;
using ClubGrains.Api.Customers;
using ClubGrains.Api.Events;
using ClubGrains.Api.Rooms;
using ClubGrains.Api.Shifts;
using ClubGrains.Api.Staff;
using ClubGrains.Api.Venues;
using ClubGrains.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;

namespace ClubGrains.Api.Hosting;

/// <summary>How the API process reaches the grains.</summary>
public enum ApiMode
{
    /// <summary>The embedded default: the API hosts the silo in its own process.</summary>
    CoHosted = 0,

    /// <summary>The API joins a PostgreSQL cluster of Silo processes as a client.</summary>
    Client = 1,
}

/// <summary>Builds the ClubGrains web application; Program only adds clean start-up failure.</summary>
public static class ClubGrainsApi
{
    public const long MaxRequestBodyBytes = 64 * 1024;

    /// <summary>The API's management listener by default (a silo's is 9464, so both fit on one machine).</summary>
    public const string DefaultManagementUrl = "http://127.0.0.1:9465";

    /// <param name="args">Command-line arguments and settings.</param>
    /// <param name="configureServices">Services to register after ClubGrains' own (a host's clock, for instance).</param>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        // Settings sit beside the program, so `dotnet ClubGrains.Api.dll` from any folder reads them.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddClubGrainsApi();
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseClubGrainsApi();
        return app;
    }

    public static WebApplicationBuilder AddClubGrainsApi(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var modeText = configuration["ClubGrains:Api:Mode"] ?? nameof(ApiMode.CoHosted);
        if (!Enum.TryParse<ApiMode>(modeText, ignoreCase: true, out var mode))
        {
            throw new ClubGrainsStartupException($"ClubGrains:Api:Mode must be CoHosted or Client, not '{modeText}'.");
        }

        if (mode == ApiMode.CoHosted)
        {
            builder.UseOrleans(silo => silo.UseClubGrains(configuration));
        }
        else
        {
            builder.UseOrleansClient(client => client.UseClubGrainsClient(configuration));
        }

        builder.Services.AddSingleton(_ => ClubGrainsOptions.From(configuration));
        builder.Services.AddSingleton<RenderedBoards>();
        var monitoring = builder.AddClubGrainsTelemetry(ClubGrainsTelemetryExtensions.ApiServiceName, DefaultManagementUrl);
        ManagementListener.Listen(builder.WebHost, monitoring, keepProgramUrls: true);
        builder.Services.AddManagementPolicy();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            HeaderLimits.ConfigureKestrel(kestrel.Limits);
        });
        builder.Services.Configure<JsonOptions>(o => ConfigureJson(o.SerializerOptions));
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDetailsDefaults.Customize);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddClubGrainsOpenApi();
        builder.AddClubGrainsAuth();
        builder.Services.AddClubGrainsAccounts(configuration);
        builder.Services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: ["ready"])
            .AddCheck<StorageHealthCheck>("storage", tags: ["ready"]);
        return builder;
    }

    public static WebApplication UseClubGrainsApi(this WebApplication app)
    {
        var monitoring = app.Services.GetRequiredService<MonitoringOptions>();
        app.UseExceptionHandler();
        app.UseHeaderLimits();
        app.UseStatusCodePages();
        app.UseManagementListenerScope(monitoring);
        app.UseClubGrainsAuth();
        app.UseVenueIdShape();
        app.UseRequiredBodies();

        // Operators' endpoints: only on the management listener, without a token (see README, Monitoring).
        app.MapManagementEndpoints(monitoring);

        // Public without a token: health, the OpenAPI document and its reference page, nothing else.
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/docs", o => o.WithTitle("ClubGrains API").AddPreferredSecuritySchemes("Bearer")).AllowAnonymous();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.Write })
            .WithTags("Health").AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = HealthResponse.Write })
            .WithTags("Health").AllowAnonymous();

        app.MapVenueEndpoints();
        app.MapRoomEndpoints();
        app.MapBookingEndpoints();
        app.MapManagerEndpoints();
        app.MapReportEndpoints();
        app.MapShiftEndpoints();
        app.MapCustomerEndpoints();
        app.MapAccountEndpoints();
        app.MapClientEndpoints();
        app.MapEventEndpoints();
        if (app.Services.GetService<TokenKeys>() is not null)
        {
            app.MapTokenEndpoint();
        }

        return app;
    }

    public static void ConfigureJson(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;

        // A number is a JSON number, as the OpenAPI document says: "12" for a capacity is refused, not read.
        options.NumberHandling = JsonNumberHandling.Strict;

        // A misspelt field is an error, not a silently kept default.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;

        // A key sent twice is refused: "last one wins" would store a value the sender may not have meant.
        options.AllowDuplicateProperties = false;
    }
}
