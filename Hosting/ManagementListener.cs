using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Dashboard;

namespace ClubGrains.Hosting;

/// <summary>
/// The management listener: a second Kestrel endpoint, on loopback by default, that serves
/// <c>/metrics</c> to Prometheus and <c>/dashboard</c> to an operator's browser without a token.
/// Who can reach that address is the access rule; so these endpoints answer only connections that
/// arrived on it (judged by the socket, never by the forgeable Host header), and the listener
/// serves nothing else.
/// </summary>
public static class ManagementListener
{
    public const string Policy = "clubgrains-management";
    public const string MetricsPath = "/metrics";
    public const string DashboardPath = "/dashboard";

    /// <summary>Adds the management endpoint to the URLs Kestrel binds, keeping the program's own (none for the silo).</summary>
    public static void Listen(IWebHostBuilder webHost, MonitoringOptions options, bool keepProgramUrls)
    {
        ArgumentNullException.ThrowIfNull(webHost);
        ArgumentNullException.ThrowIfNull(options);
        var management = options.Management.Url!.TrimEnd('/');
        var programUrls = keepProgramUrls ? webHost.GetSetting(WebHostDefaults.ServerUrlsKey) : null;
        webHost.UseUrls(string.IsNullOrWhiteSpace(programUrls) ? management : $"{programUrls};{management}");
    }

    public static IServiceCollection AddManagementPolicy(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, ManagementConnectionHandler>();
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.AddRequirements(ManagementConnectionRequirement.Instance));
        return services;
    }

    /// <summary>Maps <c>/metrics</c> and, when enabled, <c>/dashboard</c>, both for management connections only.</summary>
    public static IEndpointRouteBuilder MapManagementEndpoints(this IEndpointRouteBuilder endpoints, MonitoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(Policy);
        if (options.Management.Dashboard)
        {
            MapDashboardOnFirstUse(endpoints).RequireAuthorization(Policy);
        }

        return endpoints;
    }

    /// <summary>
    /// The Orleans dashboard's own endpoints, built on its first request rather than at start: building them
    /// reads and gzips every asset of the dashboard (about a quarter of a second of CPU, a fifth of a cold
    /// start) and compiles a request delegate for each of its routes, for a page that an operator may never
    /// open. Every path under <see cref="DashboardPath"/> reaches this one endpoint, which carries the
    /// management policy, and is handed to the dashboard's routes unchanged (unknown paths stay 404).
    /// </summary>
    private static RouteGroupBuilder MapDashboardOnFirstUse(IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var dashboard = new Lazy<RequestDelegate>(() =>
        {
            // A builder of its own: the dashboard's routes stay out of the application's route table.
            var app = new ApplicationBuilder(services);
            app.UseRouting();
            app.UseEndpoints(inner => inner.MapOrleansDashboard(routePrefix: DashboardPath));
            return app.Build();
        });

        var group = endpoints.MapGroup(DashboardPath);
        group.MapGet(string.Empty, Serve);
        group.MapGet("{**path}", Serve);
        return group;

        Task Serve(HttpContext http)
        {
            // Let the dashboard's own routing match the request again, as if it were mapped here.
            http.SetEndpoint(null);
            http.Request.RouteValues.Clear();
            return dashboard.Value(http);
        }
    }

    /// <summary>On the management listener anything but the management paths is not found.</summary>
    public static IApplicationBuilder UseManagementListenerScope(this IApplicationBuilder app, MonitoringOptions options) =>
        app.Use((http, next) =>
        {
            if (IsManagementConnection(http, options)
                && !http.Request.Path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase)
                && !http.Request.Path.StartsWithSegments(DashboardPath, StringComparison.OrdinalIgnoreCase))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(http);
        });

    public static bool IsManagementConnection(HttpContext http, MonitoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        var local = http.Connection.LocalIpAddress;
        var expected = options.ManagementEndpoint;
        return local is not null
            && http.Connection.LocalPort == expected.Port
            && (local.Equals(expected.Address) || (local.IsIPv4MappedToIPv6 && local.MapToIPv4().Equals(expected.Address)));
    }

    private sealed class ManagementConnectionRequirement : IAuthorizationRequirement
    {
        public static readonly ManagementConnectionRequirement Instance = new();
    }

    private sealed class ManagementConnectionHandler(MonitoringOptions options) : AuthorizationHandler<ManagementConnectionRequirement>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ManagementConnectionRequirement requirement)
        {
            if (context.Resource is HttpContext http && IsManagementConnection(http, options))
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }
}
