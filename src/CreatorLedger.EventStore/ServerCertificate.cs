using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CreatorLedger.Ledger;

namespace CreatorLedger.EventStore;

/// <summary>
/// How the server's TLS certificate is judged: by the machine's roots; or, with tlsCaFile, also by that certificate
/// authority (EventStoreDB clusters usually run on certificates of their own CA); or not at all with tlsVerifyCert=false.
/// The host name must match in every case but the last.
/// </summary>
internal static class ServerCertificate
{
    public static RemoteCertificateValidationCallback? Validation(EventStoreDbAddress address)
    {
        if (!address.Tls) return null;
        if (!address.VerifyCertificate) return (_, _, _, _) => true;
        if (address.CaFile is null) return null;
        var authorities = LoadAuthorities(address.CaFile);
        return (_, certificate, _, errors) =>
        {
            if (errors == SslPolicyErrors.None) return true;
            if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null) return false;
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
            // A private CA publishes no revocation lists; EventStoreDB's clients do not check them either.
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return chain.Build(presented);
        };
    }

    private static X509Certificate2Collection LoadAuthorities(string path)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            if (File.ReadAllText(path).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)) authorities.ImportFromPemFile(path);
            else authorities.Add(X509CertificateLoader.LoadCertificateFromFile(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new LedgerStoreException($"The certificate authority file '{path}' (tlsCaFile) cannot be read as a PEM or DER certificate: {e.Message}", e);
        }
        if (authorities.Count == 0) throw new LedgerStoreException($"The certificate authority file '{path}' (tlsCaFile) holds no certificate.");
        return authorities;
    }
}
