using ClubGrains.Api.Hosting;
using ClubGrains.Hosting;
using Microsoft.Extensions.Configuration;

namespace ClubGrains.Tests.Telemetry;

public sealed class MonitoringOptionsTests
{
    private static MonitoringOptions Read(params (string Key, string Value)[] settings) =>
        MonitoringOptions.From(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build(), "http://127.0.0.1:9464");

    [Fact]
    public void By_default_a_tenth_of_new_traces_is_kept_and_management_listens_on_loopback()
    {
        var options = Read();

        Assert.Equal(0.1, options.Telemetry.SampleRatio);
        Assert.Equal("127.0.0.1:9464", options.ManagementEndpoint.ToString());
        Assert.True(options.Management.Dashboard);
    }

    [Theory]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("NaN")]
    public void A_sample_ratio_outside_0_to_1_is_refused(string ratio)
    {
        var failure = Assert.Throws<ClubGrainsStartupException>(() => Read(("ClubGrains:Telemetry:SampleRatio", ratio)));

        Assert.Contains("ClubGrains:Telemetry:SampleRatio must be between 0 and 1", failure.Message);
    }

    [Theory]
    [InlineData("http://localhost:9464")]
    [InlineData("http://127.0.0.1")]
    [InlineData("https://127.0.0.1:9464")]
    [InlineData("http://127.0.0.1:9464/metrics")]
    [InlineData("9464")]
    public void A_management_url_must_be_an_ip_address_with_a_port(string url)
    {
        var failure = Assert.Throws<ClubGrainsStartupException>(() => Read(("ClubGrains:Management:Url", url)));

        Assert.Contains($"ClubGrains:Management:Url must be http://<IP address>:<port>, e.g. http://127.0.0.1:9464, not '{url}'", failure.Message);
    }

    [Fact]
    public void The_api_refuses_to_start_with_a_bad_telemetry_setting()
    {
        var failure = Assert.ThrowsAny<ClubGrainsStartupException>(() => ClubGrainsApi.Build(["--ClubGrains:Storage=Sqlite", "--ClubGrains:Telemetry:SampleRatio=2", "--ClubGrains:Management:Url=http://[::1]"]));

        Assert.Contains("SampleRatio", failure.Message);
        Assert.Contains("ClubGrains:Management:Url", failure.Message);
    }

    [Fact]
    public void A_dashboard_switch_that_is_not_a_boolean_is_refused()
    {
        var failure = Assert.ThrowsAny<ClubGrainsStartupException>(() => ClubGrainsApi.Build(["--ClubGrains:Storage=Sqlite", "--ClubGrains:Management:Dashboard=sometimes"]));

        Assert.Contains("ClubGrains:Management:Dashboard must be true or false", failure.Message);
    }
}
