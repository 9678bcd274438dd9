using System.Reflection;
using System.Reflection.Emit;
using System.Xml.Linq;
using AiScheduler.Functions.Calls.Callbacks;
using AiScheduler.Functions.Hosting;
using AiScheduler.Functions.Http;
using AiScheduler.Functions.Meetings.Booking;
using AiScheduler.Functions.Providers.Calendar;
using AiScheduler.Functions.Store;

namespace AiScheduler.Functions.Tests.Architecture;

/// <summary>
/// Two layout rules, checked on the built assemblies and the project files: the production hosts carry no emulator (only
/// the self-host composes it), and provider folders know no feature folder (the wiring that joins them lives with the
/// feature or in the hosting composition).
/// </summary>
public sealed class LayeringTests
{
    private const string Emulators = "AiScheduler.Emulators";
    private const string ProvidersNamespace = "AiScheduler.Functions.Providers";

    /// <summary>
    /// The namespaces under <c>AiScheduler.Functions</c> in src/App that are not feature folders: the providers themselves and
    /// the shared plumbing every folder uses (composition and the store).
    /// </summary>
    private static readonly HashSet<string> NotFeatures = new(StringComparer.Ordinal) { "Providers", "Hosting", "Store" };

    private static Assembly FeaturesLibrary => typeof(FeatureComposition).Assembly;

    private static Assembly FunctionsApp => typeof(ApiRoutes).Assembly;

    private static Assembly SelfHost => typeof(AppHost).Assembly;

    [Fact]
    public void Neither_the_features_library_nor_the_Azure_Functions_app_references_the_emulator_assembly()
    {
        Assert.Equal("AiScheduler.App", FeaturesLibrary.GetName().Name);
        Assert.Equal("AiScheduler.Functions", FunctionsApp.GetName().Name);

        Assert.DoesNotContain(Emulators, FeaturesLibrary.GetReferencedAssemblies().Select(a => a.Name));
        Assert.DoesNotContain(Emulators, FunctionsApp.GetReferencedAssemblies().Select(a => a.Name));
        // The self-host is where the embedded default's emulator is composed, so the check above can see a reference.
        Assert.Contains(Emulators, SelfHost.GetReferencedAssemblies().Select(a => a.Name));
    }

    [Fact]
    public void Neither_the_features_library_nor_the_Azure_Functions_app_reaches_the_emulator_project_through_project_references()
    {
        var root = RepositoryRoot();

        Assert.DoesNotContain(Emulators + ".csproj", ProjectClosure(Path.Combine(root, "src", "App", "AiScheduler.App.csproj")));
        Assert.DoesNotContain(Emulators + ".csproj", ProjectClosure(Path.Combine(root, "src", "Functions", "AiScheduler.Functions.csproj")));
        Assert.Contains(Emulators + ".csproj", ProjectClosure(Path.Combine(root, "src", "Host", "AiScheduler.Host.csproj")));
    }

    [Fact]
    public void The_Azure_Functions_app_deploys_without_the_emulator()
    {
        // The Functions app's dependency manifest, copied beside the tests with its assembly, lists what a publish ships.
        var manifest = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "AiScheduler.Functions.deps.json"));

        Assert.Contains("\"AiScheduler.App/", manifest, StringComparison.Ordinal);
        Assert.DoesNotContain(Emulators, manifest, StringComparison.Ordinal);
    }

    [Fact]
    public void No_provider_type_references_a_type_of_a_feature_folder()
    {
        var providerTypes = FeaturesLibrary.GetTypes().Where(t => t.Namespace?.StartsWith(ProvidersNamespace, StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(providerTypes);

        var violations = providerTypes
            .SelectMany(type => References(type).Select(reference => (Type: type, reference.Via, reference.Target)))
            .Where(r => IsFeature(r.Target))
            .Select(r => $"{r.Type.FullName} -> {r.Target.FullName} ({r.Via})")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(violations.Count == 0, "Provider types must not use feature folders' types:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_scan_sees_a_feature_type_named_only_inside_a_lambda_and_tells_features_from_plumbing()
    {
        var referenced = new[] { typeof(FeatureNamedOnlyInALambda) }.Concat(typeof(FeatureNamedOnlyInALambda).GetNestedTypes(BindingFlags.NonPublic))
            .SelectMany(type => References(type).Select(r => r.Target))
            .ToHashSet();

        Assert.Contains(typeof(SlotBooking), referenced);
        Assert.True(IsFeature(typeof(SlotBooking)));
        Assert.True(IsFeature(typeof(CallbackAddresses)));
        Assert.False(IsFeature(typeof(ICalendarProvider)));
        Assert.False(IsFeature(typeof(DataStore)));
    }

    private static bool IsFeature(Type type)
    {
        var ns = type.Namespace;
        const string Root = "AiScheduler.Functions.";
        if (type.Assembly != FeaturesLibrary || ns is null || !ns.StartsWith(Root, StringComparison.Ordinal))
        {
            return false;
        }

        var folder = ns[Root.Length..].Split('.')[0];
        return !NotFeatures.Contains(folder);
    }

    /// <summary>Every type <paramref name="type"/> names: in its signature, its members' signatures, locals and IL operands.</summary>
    private static IEnumerable<(string Via, Type Target)> References(Type type)
    {
        const BindingFlags All = BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
        var found = new List<(string, Type)>();

        void Add(string via, Type? target)
        {
            if (target is null || target.IsGenericParameter)
            {
                return;
            }

            if (target.HasElementType)
            {
                Add(via, target.GetElementType());
                return;
            }

            if (target.IsGenericType && !target.IsGenericTypeDefinition)
            {
                foreach (var argument in target.GetGenericArguments())
                {
                    Add(via, argument);
                }

                target = target.GetGenericTypeDefinition();
            }

            found.Add((via, target));
        }

        Add("base type", type.BaseType);
        foreach (var implemented in type.GetInterfaces())
        {
            Add("interface", implemented);
        }

        foreach (var field in type.GetFields(All))
        {
            Add("field " + field.Name, field.FieldType);
        }

        foreach (var property in type.GetProperties(All))
        {
            Add("property " + property.Name, property.PropertyType);
        }

        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            var via = "method " + method.Name;
            if (method is MethodInfo info)
            {
                Add(via, info.ReturnType);
            }

            foreach (var parameter in method.GetParameters())
            {
                Add(via, parameter.ParameterType);
            }

            foreach (var (target, how) in BodyReferences(type, method))
            {
                Add(via + " " + how, target);
            }
        }

        return found;
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(op => op.Value);

    /// <summary>The types a method body uses: its locals and the types, fields and methods its instructions name.</summary>
    private static IEnumerable<(Type Target, string How)> BodyReferences(Type type, MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body is null)
        {
            yield break;
        }

        foreach (var local in body.LocalVariables)
        {
            yield return (local.LocalType, "local");
        }

        var il = body.GetILAsByteArray() ?? [];
        var typeArguments = type.IsGenericType ? type.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            short value = il[at++];
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[at++]));
            }

            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    var member = method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments);
                    switch (member)
                    {
                        case Type named:
                            yield return (named, op.Name!);
                            break;
                        case FieldInfo field:
                            yield return (field.DeclaringType!, op.Name!);
                            yield return (field.FieldType, op.Name!);
                            break;
                        case MethodBase called:
                            yield return (called.DeclaringType!, op.Name!);
                            if (called is MethodInfo { IsGenericMethod: true } generic)
                            {
                                foreach (var argument in generic.GetGenericArguments())
                                {
                                    yield return (argument, op.Name!);
                                }
                            }

                            break;
                    }

                    at += 4;
                    break;
                case OperandType.InlineSwitch:
                    at += 4 + (4 * BitConverter.ToInt32(il, at));
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.InlineSig or OperandType.InlineString or OperandType.ShortInlineR:
                    at += 4;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
            }
        }
    }

    /// <summary>The file names of every project <paramref name="project"/> references, directly or through others.</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            foreach (var reference in XDocument.Load(current).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar);
                var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, include));
                Assert.True(File.Exists(path), $"{current} references {path}, which does not exist.");
                names.Add(Path.GetFileName(path));
                pending.Push(path);
            }
        }

        return names;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "AiScheduler.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No AiScheduler.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>Names a feature type in a lambda's body only (compiled into a nested closure class), for the scan's own test.</summary>
internal static class FeatureNamedOnlyInALambda
{
    public static Func<string> Name() => () => typeof(SlotBooking).Name;
}
