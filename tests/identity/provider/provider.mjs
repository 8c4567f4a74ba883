// A real OpenID Connect provider for the sign-in tests (tests/identity/conftest.py starts it).
// panva's oidc-provider, OpenID Certified; its development interactions show a login form where
// any password signs in the account named (the tests' accounts are in ACCOUNTS). Consent is
// skipped as for a first-party app (a grant of the scopes asked for), as Entra ID, Okta and
// Keycloak do for an app an administrator approved.
import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.ACCOUNTS || '{}');

const provider = new Provider(issuer, {
  clients: [{
    client_id: process.env.CLIENT_ID,
    client_secret: process.env.CLIENT_SECRET,
    redirect_uris: process.env.REDIRECT_URIS.split(','),
    post_logout_redirect_uris: process.env.POST_LOGOUT_REDIRECT_URIS.split(','),
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
    groups: ['groups'],
    employee: ['employee_number'],
  },
  scopes: ['openid', 'email', 'profile', 'groups', 'employee'],
  async findAccount(ctx, id) {
    const claims = accounts[id];
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(ctx.oidc.params.scope);
    await grant.save();
    return grant;
  },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ['tests-only-cookie-key'] },
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
