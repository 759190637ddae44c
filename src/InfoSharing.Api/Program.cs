using InfoSharing.Api;
using InfoSharing.Api.Auth;
using Microsoft.Extensions.Options;

var app = ApiApp.Build(args.FirstOrDefault() == "mint-token" ? [] : args);
if (args.FirstOrDefault() == "mint-token")
{
    return DevelopmentTokens.RunCommand(args, app.Services.GetRequiredService<IOptions<AuthOptions>>().Value);
}

await app.RunAsync();
return 0;
