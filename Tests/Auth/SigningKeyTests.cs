using ClubGrains.Api.Auth;
using ClubGrains.Hosting;
using Microsoft.Extensions.Configuration;

namespace ClubGrains.Tests.Auth;

public sealed class SigningKeyTests
{
    private static ClubGrainsOptions Embedded(TempFolder folder) => new() { Sqlite = new SqliteSettings { Path = folder.File("club.db") } };

    [Fact]
    public void The_embedded_default_generates_a_key_into_the_data_folder_once_and_keeps_it()
    {
        using var folder = new TempFolder();

        var first = SigningKeys.Resolve(new AuthSettings(), Embedded(folder))!;
        var second = SigningKeys.Resolve(new AuthSettings(), Embedded(folder))!;

        Assert.Equal(first.Key, second.Key);
        Assert.True(first.Key.Length >= 32);
        var file = folder.File(SigningKeys.KeyFileName);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
    }

    [Fact]
    public void A_weak_configured_key_refuses_to_start()
    {
        using var folder = new TempFolder();

        var failure = Assert.Throws<ClubGrainsStartupException>(() =>
            SigningKeys.Resolve(new AuthSettings { SigningKey = Convert.ToBase64String(new byte[16]) }, Embedded(folder)));

        Assert.Contains("too weak: 16 bytes", failure.Message);
    }

    [Fact]
    public void Cluster_mode_without_a_key_or_issuer_refuses_to_start()
    {
        var cluster = new ClubGrainsOptions { Storage = StorageProvider.PostgreSql, PostgreSql = new PostgreSqlSettings { ConnectionString = "Host=127.0.0.1" } };

        var failure = Assert.Throws<ClubGrainsStartupException>(() => SigningKeys.Resolve(new AuthSettings(), cluster));

        Assert.Contains("ClubGrains:Auth:SigningKey", failure.Message);
    }

    [Fact]
    public void The_token_command_mints_a_token_the_service_accepts_and_refuses_bad_arguments()
    {
        using var folder = new TempFolder();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ClubGrains:Sqlite:Path"] = folder.File("club.db") }).Build();
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(0, TokenCommand.Run(["--role", "reception", "--venue", "v1", "--name", "前台小王"], configuration, output, error));
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(output.ToString().Trim());
        Assert.Equal("reception", token.GetClaim("role").Value);
        Assert.Equal("v1", token.GetClaim("venue").Value);
        Assert.Equal("前台小王", token.GetClaim("name").Value);
        Assert.True(File.Exists(folder.File(SigningKeys.KeyFileName)));

        Assert.Equal(2, TokenCommand.Run(["--role", "reception", "--venue", "*"], configuration, output, error));
        Assert.Equal(2, TokenCommand.Run(["--role", "manager", "--venue", "v1"], configuration, output, error));
        Assert.Equal(2, TokenCommand.Run(["--role", "boss", "--venue", "v1"], configuration, output, error));
        Assert.Contains("Only an operator may be granted every venue", error.ToString());
        Assert.Contains("A manager token needs --badge", error.ToString());
    }
}
