using InfoSharing.Api;
using InfoSharing.Api.Auth;
using InfoSharing.Api.Features.Audit;
using Microsoft.Extensions.Options;

var command = args.FirstOrDefault();
var app = ApiApp.Build(command is "mint-token" or VerifyAudit.Command ? [] : args);
if (command == "mint-token")
{
    return DevelopmentTokens.RunCommand(args, app.Services.GetRequiredService<IOptions<AuthOptions>>().Value);
}

if (command == VerifyAudit.Command)
{
    return await VerifyAudit.RunCommandAsync(app.Services, args.Skip(1).ToList(), Console.Out, CancellationToken.None);
}

await app.RunAsync();
return 0;
