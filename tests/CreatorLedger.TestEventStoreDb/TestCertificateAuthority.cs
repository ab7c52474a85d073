using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CreatorLedger.TestEventStoreDb;

/// <summary>
/// A private certificate authority made for one test, as EventStoreDB clusters usually have (es-gencert-cli): its
/// certificate as a PEM file for tlsCaFile, and server certificates it signs for chosen names.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly X509Certificate2 _authority;

    public TestCertificateAuthority(string folder, string name = "CreatorLedger test CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        _authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        PemFile = Path.Combine(folder, $"{Guid.NewGuid():N}-ca.pem");
        File.WriteAllText(PemFile, _authority.ExportCertificatePem());
    }

    /// <summary>The authority's certificate, PEM (what tlsCaFile names).</summary>
    public string PemFile { get; }

    /// <summary>A server certificate for these DNS names and IP addresses, signed by this authority, with its key.</summary>
    public X509Certificate2 Issue(string[] dnsNames, System.Net.IPAddress[] addresses)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=eventstoredb-node", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var dns in dnsNames) names.AddDnsName(dns);
        foreach (var address in addresses) names.AddIpAddress(address);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = request.Create(_authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(16));
        using var withKey = issued.CopyWithPrivateKey(key);
        // Through PKCS#12, so that the key is one the TLS stack can use on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose() => _authority.Dispose();
}
