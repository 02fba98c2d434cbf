package cloud.wapiconnect.portal;

import cloud.wapiconnect.account.AccountService;
import cloud.wapiconnect.account.AccountService.NewLogin;
import cloud.wapiconnect.account.AccountService.Welcome;
import cloud.wapiconnect.error.ErrorCode;
import cloud.wapiconnect.error.WapiException;
import cloud.wapiconnect.rest.auth.ClientAddress;
import io.helidon.webserver.http.ServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.glassfish.jersey.server.ContainerRequest;

/** Signing up, verifying the email, logging in and out, and resetting a forgotten password. */
@Path("/portal")
@RequestScoped
@Produces(MediaType.TEXT_HTML)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class PortalAccountResource {
    @Inject
    AccountService accounts;

    @Inject
    PortalPages pages;

    @Inject
    PortalCookies cookies;

    @Context
    ContainerRequest request;

    @Context
    ServerRequest server;

    @GET
    @Path("/signup")
    public Response signUpForm() {
        return pages.ok("signup", "Create your account", Map.of());
    }

    /** The API document links sign-up at {@code /register}; the portal's page is {@code /portal/signup}. */
    @GET
    @Path("/register")
    public Response register() {
        return PortalPages.redirect("/portal/signup");
    }

    @POST
    @Path("/signup")
    public Response signUp(
            @FormParam("name") String name, @FormParam("email") String email, @FormParam("password") String password) {
        try {
            accounts.signUp(name, email, password);
        } catch (WapiException e) {
            return pages.failed(e, "signup", "Create your account", fields("name", name, "email", email));
        }
        return pages.ok("check-email", "Check your email", Map.of("email", email.strip()));
    }

    @POST
    @Path("/resend-verification")
    public Response resend(@FormParam("email") String email) {
        accounts.resendVerification(email);
        return pages.ok(
                "check-email", "Check your email", Map.of("email", email == null ? "" : email.strip(), "resent", true));
    }

    /** The link in the mail shows a button: mail scanners that open links must not use the token up. */
    @GET
    @Path("/verify")
    public Response verifyForm(@QueryParam("token") String token) {
        return pages.ok("verify", "Confirm your email", Map.of("token", token == null ? "" : token));
    }

    @POST
    @Path("/verify")
    public Response verify(@FormParam("token") String token) {
        Welcome welcome;
        try {
            welcome = accounts.verify(token);
        } catch (WapiException e) {
            return pages.failed(e, "verify", "Confirm your email", Map.of("token", ""));
        }
        return withLogin(
                pages.ok("api-key", "Your API key", Map.of("apiKey", welcome.apiKey(), "welcome", true)),
                welcome.login());
    }

    @GET
    @Path("/login")
    public Response loginForm() {
        return pages.ok("login", "Log in", Map.of());
    }

    @POST
    @Path("/login")
    public Response logIn(@FormParam("email") String email, @FormParam("password") String password) {
        NewLogin login;
        try {
            login = accounts.logIn(email, password, clientAddress());
        } catch (WapiException e) {
            Map<String, Object> model = fields("email", email);
            if (e.code() == ErrorCode.EMAIL_NOT_VERIFIED) {
                model.put("unverified", true);
            }
            return pages.failed(e, "login", "Log in", model);
        }
        return withLogin(PortalPages.redirect("/portal"), login);
    }

    @POST
    @Path("/logout")
    public Response logOut() {
        var cookie = request.getCookies().get(PortalCookies.LOGIN);
        accounts.logOut(cookie == null ? null : cookie.getValue());
        return Response.seeOther(URI.create("/portal/login"))
                .cookie(cookies.loggedOut())
                .build();
    }

    @GET
    @Path("/forgot-password")
    public Response forgotForm() {
        return pages.ok("forgot-password", "Reset your password", Map.of());
    }

    @POST
    @Path("/forgot-password")
    public Response forgot(@FormParam("email") String email) {
        accounts.requestPasswordReset(email);
        return pages.ok("forgot-password", "Reset your password", Map.of("sent", true));
    }

    @GET
    @Path("/reset-password")
    public Response resetForm(@QueryParam("token") String token) {
        try {
            accounts.checkResetLink(token);
        } catch (WapiException e) {
            return pages.failed(e, "reset-password", "Choose a new password", Map.of("expired", true));
        }
        return pages.ok("reset-password", "Choose a new password", Map.of("token", token));
    }

    @POST
    @Path("/reset-password")
    public Response reset(@FormParam("token") String token, @FormParam("password") String password) {
        try {
            accounts.resetPassword(token, password);
        } catch (WapiException e) {
            Map<String, Object> model = new HashMap<>();
            model.put("token", token == null ? "" : token);
            if (e.code() == ErrorCode.INVALID_LINK) {
                model.put("expired", true);
            }
            return pages.failed(e, "reset-password", "Choose a new password", model);
        }
        return pages.ok("login", "Log in", Map.of("notice", "Your password is changed. Log in with the new one."));
    }

    static Response withLogin(Response response, NewLogin login, PortalCookies cookies) {
        return Response.fromResponse(response)
                .cookie(cookies.login(login.cookie()))
                .build();
    }

    private Response withLogin(Response response, NewLogin login) {
        return withLogin(response, login, cookies);
    }

    /** The peer's address (see {@link ClientAddress}). */
    static String clientAddress(ServerRequest server) {
        return ClientAddress.of(server);
    }

    private String clientAddress() {
        return clientAddress(server);
    }

    private static Map<String, Object> fields(String... keysAndValues) {
        Map<String, Object> model = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            model.put(keysAndValues[i], keysAndValues[i + 1] == null ? "" : keysAndValues[i + 1]);
        }
        return model;
    }
}
