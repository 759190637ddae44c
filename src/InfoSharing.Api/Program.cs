using InfoSharing.Api;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Features.Audit;
using Microsoft.Extensions.Options;

var command = args.FirstOrDefault();
var app = ApiApp.Build(command is "mint-token" or VerifyAudit.Command ? [] : args);
if (command == "mint-token")
{
    // Tokens signed with a development key exist only in Development; everywhere else the identity provider issues them.
    if (!app.Environment.IsDevelopment())
    {
        Console.Error.WriteLine($"mint-token is available only in the Development environment (this is {app.Environment.EnvironmentName}); tokens come from the identity provider (Auth:Authority).");
        return 2;
    }

    return DevelopmentTokens.RunCommand(args, app.Services.GetRequiredService<IOptions<AuthOptions>>().Value);
}

if (command == VerifyAudit.Command)
{
    return await VerifyAudit.RunCommandAsync(app.Services, args.Skip(1).ToList(), Console.Out, CancellationToken.None);
}

await app.RunAsync();
return 0;
