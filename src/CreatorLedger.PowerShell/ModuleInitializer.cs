using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace CreatorLedger.PowerShell;

/// <summary>
/// pwsh reads only its own deps.json, so it never probes this module's runtimes/ folder and libsodium (NSec) and
/// e_sqlite3 (SQLite) would not load. Resolve native libraries from the module's own deps.json instead.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly AssemblyDependencyResolver Resolver = new(typeof(ModuleInitializer).Assembly.Location);

    public void OnImport() => AssemblyLoadContext.Default.ResolvingUnmanagedDll += Resolve;

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        AssemblyLoadContext.Default.ResolvingUnmanagedDll -= Resolve;
        LedgerSession.Disconnect();
    }

    private static IntPtr Resolve(Assembly assembly, string name)
    {
        var path = Resolver.ResolveUnmanagedDllToPath(name);
        return path is not null && NativeLibrary.TryLoad(path, out var handle) ? handle : IntPtr.Zero;
    }
}
