using System.Globalization;
using AiScheduler.Emulators;
using AiScheduler.Emulators.Callees;

// Standalone: dotnet run --project src/Emulators -- --urls http://127.0.0.1:PORT --access-key BASE64KEY --personas DIR
//   [--event-grid-endpoint URL] [--default-persona ID] [--time-scale 1] [--recordings DIR]
var configuration = new ConfigurationBuilder().AddCommandLine(args).AddEnvironmentVariables("EMULATOR_").Build();
var options = new EmulatorOptions
{
    AccessKey = configuration["access-key"] ?? "",
    PersonasDirectory = configuration["personas"] ?? DefaultPersonaLibrary(),
    EventGridEndpoint = configuration["event-grid-endpoint"] is { } eventGrid ? new Uri(eventGrid) : null,
    RecordingsDirectory = configuration["recordings"],
    TimeScale = double.Parse(configuration["time-scale"] ?? "1", CultureInfo.InvariantCulture),
};

if (configuration["default-persona"] is { } defaultId)
{
    var library = options.PersonasDirectory is null ? [] : PersonaCatalog.LoadDirectory(options.PersonasDirectory);
    options.DefaultPersona = library.FirstOrDefault(p => p.Id == defaultId)
        ?? throw new InvalidOperationException($"--default-persona '{defaultId}' is not among the loaded personas.");
}

var app = EmulatorHost.Build(options, args);
await app.RunAsync();

// The persona library ships next to the program (src/Emulators/Personas, copied to the output folder).
static string? DefaultPersonaLibrary()
{
    var folder = Path.Combine(AppContext.BaseDirectory, "Personas");
    return Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.json", SearchOption.AllDirectories).Any() ? folder : null;
}
