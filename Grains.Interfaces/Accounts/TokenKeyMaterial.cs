namespace ClubGrains.Accounts;

/// <summary>
/// The token endpoint's keys: an RSA key pair signing access and identity tokens (its public half is
/// published as the JWKS) and an AES key encrypting refresh tokens, which only the endpoint reads.
/// </summary>
[GenerateSerializer, Immutable, Alias("clubgrains.TokenKeyMaterial")]
public sealed record TokenKeyMaterial(
    [property: Id(0)] string KeyId,
    [property: Id(1)] byte[] RsaPrivateKey,
    [property: Id(2)] byte[] EncryptionKey,
    [property: Id(3)] DateTimeOffset CreatedAt)
{
    /// <summary>The one grain key: one deployment is one chain.</summary>
    public const string Chain = "chain";
}
