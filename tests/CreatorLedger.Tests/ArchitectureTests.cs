using Mono.Cecil;
using Mono.Cecil.Cil;
using Xunit;

namespace CreatorLedger.Tests;

/// <summary>
/// The core knows nothing of PowerShell, of any database, of gRPC or of ASP.NET (STYLE practice 1), and its folders depend on one
/// another one way only (DESIGN §2): a folder may use the folders below it, never one above.
/// </summary>
public sealed class ArchitectureTests
{
    /// <summary>The core's folders, lowest first: each may use only itself and those before it.</summary>
    private static readonly string[] Layers =
        ["Base", "Identity", "Events", "Ledger", "Transparency", "Licensing", "Datasets", "Manifests", "Payouts"];

    [Fact]
    public void Core_ReferencesNoPowerShellNoDatabaseNoGrpcAndNoAspNet()
    {
        var core = typeof(CreatorLedger.Ledger.IEventStore).Assembly;
        var forbidden = new[] { "System.Management.Automation", "Microsoft.Data.Sqlite", "Npgsql", "SQLitePCLRaw", "Grpc", "Google.Protobuf", "Microsoft.AspNetCore" };
        var references = core.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.DoesNotContain(references, r => forbidden.Any(f => r.StartsWith(f, StringComparison.Ordinal)));
        Assert.Contains("NSec.Cryptography", references);
    }

    [Fact]
    public void CoreFolders_DependOnEachOtherOneWayOnly()
    {
        using var module = ModuleDefinition.ReadModule(typeof(CreatorLedger.Ledger.IEventStore).Assembly.Location);
        var wrong = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in module.GetTypes())
        {
            var from = LayerOf(type);
            if (from < 0) continue;
            foreach (var used in Uses(type))
            {
                if (used.Scope != module && used.Module != module) continue;
                var to = LayerOf(used);
                if (to > from) wrong.Add($"{Layers[from]} uses {Layers[to]}: {Outermost(type).FullName} -> {Outermost(used).FullName}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void CoreFolders_AreTheLayersThisTestKnows()
    {
        // A new folder must be placed in the order above, or it would escape the check.
        var namespaces = typeof(CreatorLedger.Ledger.IEventStore).Assembly.GetTypes().Select(t => t.Namespace)
            .Where(n => n is not null && n.StartsWith("CreatorLedger.", StringComparison.Ordinal)).Distinct();
        foreach (var name in namespaces) Assert.Contains(name!["CreatorLedger.".Length..].Split('.')[0], Layers);
        Assert.DoesNotContain(typeof(CreatorLedger.Ledger.IEventStore).Assembly.GetTypes(), t => t.Namespace == "CreatorLedger" && !t.Name.StartsWith('<'));
    }

    private static int LayerOf(TypeReference type)
    {
        var ns = Outermost(type).Namespace;
        if (!ns.StartsWith("CreatorLedger.", StringComparison.Ordinal)) return -1;
        return Array.IndexOf(Layers, ns["CreatorLedger.".Length..].Split('.')[0]);
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is not null) type = type.DeclaringType;
        return type;
    }

    /// <summary>Every type a type's signatures, attributes and method bodies name (closures are nested, so counted with it).</summary>
    private static IEnumerable<TypeReference> Uses(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? t)
        {
            switch (t)
            {
                case null: return;
                case GenericInstanceType g:
                    Add(g.ElementType);
                    foreach (var a in g.GenericArguments) Add(a);
                    return;
                case TypeSpecification s:
                    Add(s.ElementType);
                    return;
                case GenericParameter:
                    return;
                default:
                    found.Add(t);
                    return;
            }
        }
        void AddMethod(MethodReference m)
        {
            Add(m.DeclaringType);
            Add(m.ReturnType);
            foreach (var p in m.Parameters) Add(p.ParameterType);
            if (m is GenericInstanceMethod g) foreach (var a in g.GenericArguments) Add(a);
        }
        void AddAttributes(ICustomAttributeProvider provider)
        {
            foreach (var attribute in provider.CustomAttributes) Add(attribute.AttributeType);
        }
        Add(type.BaseType);
        AddAttributes(type);
        foreach (var i in type.Interfaces) Add(i.InterfaceType);
        foreach (var field in type.Fields) { Add(field.FieldType); AddAttributes(field); }
        foreach (var property in type.Properties) { Add(property.PropertyType); AddAttributes(property); }
        foreach (var method in type.Methods)
        {
            AddMethod(method);
            AddAttributes(method);
            if (!method.HasBody) continue;
            foreach (var variable in method.Body.Variables) Add(variable.VariableType);
            foreach (var instruction in method.Body.Instructions)
            {
                switch (instruction.Operand)
                {
                    case TypeReference t: Add(t); break;
                    case MethodReference m: AddMethod(m); break;
                    case FieldReference f: Add(f.DeclaringType); Add(f.FieldType); break;
                }
            }
            foreach (var handler in method.Body.ExceptionHandlers) Add(handler.CatchType);
        }
        return found;
    }

    [Fact]
    public void ModuleManifest_VersionMatchesTheBuildVersion()
    {
        var root = FindRepoRoot();
        var manifest = File.ReadAllText(Path.Combine(root, "CreatorLedger.psd1"));
        var version = typeof(CreatorLedger.Ledger.IEventStore).Assembly.GetName().Version!;
        Assert.Contains($"ModuleVersion        = '{version.Major}.{version.Minor}.{version.Build}'", manifest);
    }

    internal static string FindRepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CreatorLedger.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new DirectoryNotFoundException("The repository root (CreatorLedger.sln) was not found above the test output.");
    }
}
