using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace ClubGrains.Hosting;

/// <summary>
/// The <c>ClubGrains:Telemetry:*</c> and <c>ClubGrains:Management:*</c> settings: how much is traced,
/// and the loopback listener that serves <c>/metrics</c> and <c>/dashboard</c> to operators.
/// </summary>
public sealed class MonitoringOptions
{
    /// <summary>
    /// A tenth of the traces that start here: full tracing costs about 40 % of a grain-call endpoint's
    /// throughput on this hardware, one in ten keeps a trace of every kind of request within seconds.
    /// Metrics are never sampled.
    /// </summary>
    public const double DefaultSampleRatio = 0.1;

    public TelemetrySettings Telemetry { get; set; } = new();

    public ManagementSettings Management { get; set; } = new();

    /// <summary>The management listener's address, parsed (valid after <see cref="From"/>).</summary>
    public IPEndPoint ManagementEndpoint { get; private set; } = new(IPAddress.Loopback, 0);

    /// <summary>Reads and validates the settings; <paramref name="defaultManagementUrl"/> differs per program so both fit on one machine.</summary>
    public static MonitoringOptions From(IConfiguration configuration, string defaultManagementUrl)
    {
        var options = new MonitoringOptions();
        try
        {
            configuration.GetSection(ClubGrainsOptions.Section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new ClubGrainsStartupException($"ClubGrains telemetry settings cannot be read: {e.Message}", e);
        }

        options.Management.Url ??= defaultManagementUrl;
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ClubGrainsStartupException("ClubGrains telemetry settings are invalid:" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p)));
        }

        return options;
    }

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (double.IsNaN(Telemetry.SampleRatio) || Telemetry.SampleRatio is < 0 or > 1)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"ClubGrains:Telemetry:SampleRatio must be between 0 and 1 (default {DefaultSampleRatio}), not {Telemetry.SampleRatio}."));
        }

        if (Telemetry.InstanceId is { } id && string.IsNullOrWhiteSpace(id))
        {
            problems.Add("ClubGrains:Telemetry:InstanceId must not be blank (leave it out for host-process).");
        }

        // An IP literal and an explicit port: the listener binds exactly one interface, never every one by accident.
        if (!Uri.TryCreate(Management.Url, UriKind.Absolute, out var url)
            || url.Scheme != Uri.UriSchemeHttp
            || url.AbsolutePath != "/"
            || !IPAddress.TryParse(url.Host.Trim('[', ']'), out var address)
            || url.IsDefaultPort
            || url.Port is < 1 or > 65535)
        {
            problems.Add($"ClubGrains:Management:Url must be http://<IP address>:<port>, e.g. http://127.0.0.1:9464, not '{Management.Url}'.");
        }
        else
        {
            ManagementEndpoint = new IPEndPoint(address, url.Port);
        }

        return problems;
    }
}

public sealed class TelemetrySettings
{
    /// <summary>Share of new traces recorded (parent-based: a caller's decision is always followed).</summary>
    public double SampleRatio { get; set; } = MonitoringOptions.DefaultSampleRatio;

    /// <summary>service.instance.id; by default host name and process id.</summary>
    public string? InstanceId { get; set; }
}

public sealed class ManagementSettings
{
    /// <summary>Where <c>/metrics</c> and <c>/dashboard</c> listen, unauthenticated: keep it on loopback or a private interface.</summary>
    public string? Url { get; set; }

    /// <summary>Serve the Orleans dashboard at <c>/dashboard</c> on the management listener.</summary>
    public bool Dashboard { get; set; } = true;
}
