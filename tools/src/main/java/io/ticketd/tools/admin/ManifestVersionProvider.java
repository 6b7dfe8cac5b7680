package io.ticketd.tools.admin;

import picocli.CommandLine.IVersionProvider;

/**
 * What {@code --version} of the admin and export commands prints: the version in the
 * jar's manifest ({@code Implementation-Version}), as {@code ticketd --version} does.
 */
public final class ManifestVersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = ManifestVersionProvider.class.getPackage().getImplementationVersion();
        return new String[] {"ticketd " + (version == null ? "(development build, not from a jar)" : version)};
    }
}
