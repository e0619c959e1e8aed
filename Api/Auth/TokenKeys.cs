using System.Security.Cryptography;
using ClubGrains.Accounts;
using Microsoft.IdentityModel.Tokens;

namespace ClubGrains.Api.Auth;

/// <summary>
/// The token endpoint's keys as this process holds them, read from the cluster's storage when the
/// host starts (<see cref="TokenKeysLoader"/>): every API process of a cluster holds the same ones.
/// </summary>
public sealed class TokenKeys : IDisposable
{
    private RSA? _rsa;
    private RsaSecurityKey? _signing;
    private SymmetricSecurityKey? _encryption;

    /// <summary>Signs access and identity tokens; its public half is the JWKS.</summary>
    public RsaSecurityKey Signing => _signing ?? throw NotLoaded();

    /// <summary>Encrypts refresh tokens, read only by the token endpoint.</summary>
    public SymmetricSecurityKey Encryption => _encryption ?? throw NotLoaded();

    public void Load(TokenKeyMaterial material)
    {
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(material.RsaPrivateKey, out _);
        _rsa = rsa;
        _signing = new RsaSecurityKey(rsa) { KeyId = material.KeyId };
        _encryption = new SymmetricSecurityKey(material.EncryptionKey) { KeyId = material.KeyId + "-enc" };
    }

    public void Dispose() => _rsa?.Dispose();

    private static InvalidOperationException NotLoaded() =>
        new("The token keys are read from the cluster when the host starts; nothing may sign or validate before.");
}

/// <summary>Reads the chain's token keys (making them the first time) once the silo or cluster client has started.</summary>
internal sealed class TokenKeysLoader(IGrainFactory grains, TokenKeys keys) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) =>
        keys.Load(await grains.GetGrain<ITokenKeysGrain>(TokenKeyMaterial.Chain).GetOrCreate().WaitAsync(cancellationToken));

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
