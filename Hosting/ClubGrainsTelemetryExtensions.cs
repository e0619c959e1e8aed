using System.Reflection;
using ClubGrains.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ClubGrains.Hosting;

/// <summary>
/// OpenTelemetry for the API and the silo alike: traces from HTTP through every grain call to
/// storage, metrics (HTTP, runtime, Orleans, the ClubGrains meter) served at <c>/metrics</c>, logs.
/// OTLP export only when the standard <c>OTEL_EXPORTER_OTLP_*</c> variables ask for it.
/// </summary>
public static class ClubGrainsTelemetryExtensions
{
    public const string ApiServiceName = "clubgrains-api";
    public const string SiloServiceName = "clubgrains-silo";

    /// <summary>
    /// Orleans' activity sources (10.4.2); grain calls join a trace only with activity propagation on both
    /// ends. Lifecycle is what ties a grain's activation, and so its state read, into the calling request's trace.
    /// </summary>
    public static readonly string[] OrleansActivitySources = ["Microsoft.Orleans.Application", "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Storage", "Microsoft.Orleans.Lifecycle"];

    public const string OrleansMeter = "Microsoft.Orleans";

    /// <summary>Any of these set (as environment variables or settings) turns OTLP export on, as the OpenTelemetry specification names them.</summary>
    public static readonly string[] OtlpEndpointVariables =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
        "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
    ];

    public static MonitoringOptions AddClubGrainsTelemetry(this IHostApplicationBuilder builder, string serviceName, string defaultManagementUrl)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = MonitoringOptions.From(builder.Configuration, defaultManagementUrl);
        builder.Services.AddSingleton(options);
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<ClubGrainsMetrics>();

        var version = typeof(ClubGrainsTelemetryExtensions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var instanceId = options.Telemetry.InstanceId ?? $"{Environment.MachineName}-{Environment.ProcessId}";
        var environment = builder.Environment.EnvironmentName;

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(serviceName, serviceVersion: version, serviceInstanceId: instanceId, autoGenerateServiceInstanceId: false)
                .AddAttributes(
                [
                    new("deployment.environment.name", environment),

                    // The pre-1.27 semantic-conventions name, still the one most dashboards filter on.
                    new("deployment.environment", environment),
                ]))
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.Telemetry.SampleRatio)))
                .AddAspNetCoreInstrumentation(o => o.Filter = http => IsTraced(http, options))
                .AddHttpClientInstrumentation()
                .AddSource(OrleansActivitySources)
                .AddSource(ClubGrainsMetrics.MeterName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(OrleansMeter)
                .AddMeter(ClubGrainsMetrics.MeterName)
                .AddPrometheusExporter())
            .WithLogging(configureBuilder: null, configureOptions: o =>
            {
                o.IncludeFormattedMessage = true;
                o.IncludeScopes = true;
            });

        if (OtlpEndpointVariables.Any(v => !string.IsNullOrWhiteSpace(builder.Configuration[v])))
        {
            // Reads every OTEL_EXPORTER_OTLP_* variable, signal-specific ones included (AddOtlpExporter does not).
            otel.UseOtlpExporter();
        }

        return options;
    }

    /// <summary>Scrapes and health probes every few seconds would drown the traces of real requests.</summary>
    private static bool IsTraced(HttpContext http, MonitoringOptions options) =>
        !ManagementListener.IsManagementConnection(http, options) && !http.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase);
}
