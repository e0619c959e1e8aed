using System.Security.Cryptography;
using ClubGrains.Common;

namespace ClubGrains.Accounts;

/// <summary>The chain's token keys (RSA 2048 signing, AES-256 encryption), made at the first call and stored before they are given out.</summary>
public sealed class TokenKeysGrain(
    [PersistentState("token-keys", StorageNames.Club)] IPersistentState<TokenKeysState> state,
    TimeProvider time) : Grain, ITokenKeysGrain
{
    public const int RsaKeyBits = 2048;
    public const int EncryptionKeyBytes = 32;

    public async Task<TokenKeyMaterial> GetOrCreate()
    {
        if (state.State.Keys is { } kept)
        {
            return kept;
        }

        using var rsa = RSA.Create(RsaKeyBits);
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        state.State.Keys = new TokenKeyMaterial(keyId, rsa.ExportPkcs8PrivateKey(), RandomNumberGenerator.GetBytes(EncryptionKeyBytes), time.GetUtcNow());

        // Stored before any token is signed: a key given out and then lost would strand every token signed with it.
        await state.WriteOrReloadAsync(this);
        return state.State.Keys;
    }
}

[GenerateSerializer, Alias("clubgrains.TokenKeysState")]
public sealed class TokenKeysState
{
    [Id(0)] public TokenKeyMaterial? Keys { get; set; }
}
