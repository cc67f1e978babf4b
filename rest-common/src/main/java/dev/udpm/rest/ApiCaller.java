package dev.udpm.rest;

import java.security.Principal;
import java.util.Objects;

import jakarta.ws.rs.core.SecurityContext;

/**
 * Who sent an authenticated REST request: an admin (an admin key, or any request while authentication is off) or a
 * tenant (a tenant key). Resources read it from the request's {@link SecurityContext} ({@link #of}).
 *
 * @param tenant the tenant of the key, or null for an admin
 */
public record ApiCaller(String tenant) implements Principal {

    /** The role of an admin caller in the {@link SecurityContext}. */
    public static final String ADMIN_ROLE = "admin";

    private static final ApiCaller ADMIN = new ApiCaller(null);

    /** An admin caller. */
    public static ApiCaller admin() {
        return ADMIN;
    }

    /** A caller of {@code tenant}. */
    public static ApiCaller ofTenant(String tenant) {
        return new ApiCaller(Objects.requireNonNull(tenant, "tenant"));
    }

    /** The caller that {@link ApiAuthFilter} put into the request; an admin if there is none (no filter ran). */
    public static ApiCaller of(SecurityContext context) {
        return context != null && context.getUserPrincipal() instanceof ApiCaller caller ? caller : ADMIN;
    }

    /** Whether this caller is an admin (sees and acts on everything). */
    public boolean isAdmin() {
        return tenant == null;
    }

    /** Whether this caller may see or act on something owned by {@code owner} (null = no tenant: admins only). */
    public boolean mayAccess(String owner) {
        return isAdmin() || tenant.equals(owner);
    }

    @Override
    public String getName() {
        return isAdmin() ? ADMIN_ROLE : tenant;
    }

    @Override
    public String toString() {
        return isAdmin() ? "admin" : "tenant " + tenant;
    }
}
