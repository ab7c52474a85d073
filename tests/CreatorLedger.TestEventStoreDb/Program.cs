using System.Net;
using CreatorLedger.TestEventStoreDb;

// The test server as a process, for the module's tests: prints "port <n>" (and "ca <file>" with --tls) and serves
// until its standard input closes, so that it never outlives the test that started it.
//   CreatorLedger.TestEventStoreDb [--tls <folder>] [--user <name> --password <password>]
string? tlsFolder = null, user = null, password = null;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--tls": tlsFolder = args[i + 1]; break;
        case "--user": user = args[i + 1]; break;
        case "--password": password = args[i + 1]; break;
        default: Console.Error.WriteLine($"Unknown option {args[i]}"); return 2;
    }
}
await using var server = new FakeEventStoreDb();
if (user is not null) server.RequiredCredential = new NetworkCredential(user, password);
using var authority = tlsFolder is null ? null : new TestCertificateAuthority(tlsFolder);
using var certificate = authority?.Issue(["localhost"], [IPAddress.Loopback]);
int port = server.StartOnLoopback(certificate);
if (authority is not null) Console.WriteLine($"ca {authority.PemFile}");
Console.WriteLine($"port {port}");
Console.Out.Flush();
await Console.In.ReadToEndAsync();
return 0;
