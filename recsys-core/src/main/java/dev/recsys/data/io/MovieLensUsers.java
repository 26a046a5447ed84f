package dev.recsys.data.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads MovieLens 100K {@code u.user} (pipe separated, ISO-8859-1:
 * {@code id|age|gender|occupation|zip code}), the user demographics that callers turn into scenes
 * or user attributes.
 *
 * <p>Strict: a missing or empty file, or a line that does not have five fields, a non-empty id and
 * an age in 0..150, is a {@link DataFileException} naming file and line. Blank lines are skipped.
 *
 * <p>Thread safety: stateless; concurrent calls are safe.
 */
public final class MovieLensUsers {
    private static final int FIELDS = 5;

    private MovieLensUsers() {
    }

    /**
     * One line of {@code u.user}.
     *
     * @param id         the user id as in {@code u.data}
     * @param age        age in years
     * @param gender     {@code M} or {@code F} as written
     * @param occupation as written
     * @param zipCode    as written (not always numeric)
     */
    public record User(String id, int age, String gender, String occupation, String zipCode) {
    }

    /**
     * Reads every user of the file, in file order.
     *
     * @param file the u.user file
     * @return the users (a new list)
     * @throws DataFileException on a missing or empty file or a malformed line
     */
    public static List<User> load(Path file) {
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        String source = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new DataFileException(source, 0, Files.isDirectory(file) ? "is a folder, not a file"
                    : "file not found (" + file.toAbsolutePath() + ")");
        }
        List<User> users = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
             DelimitedReader r = new DelimitedReader(raw, new byte[] {'|'}, LoadOptions.defaults().maxLineBytes(),
                     false, StandardCharsets.ISO_8859_1)) {
            while (r.next()) {
                if (!r.isOverlong() && r.isBlank()) {
                    continue;
                }
                try {
                    if (r.isOverlong()) {
                        throw new FieldError(InteractionLoader.overlongReason(r));
                    }
                    users.add(user(r.texts()));
                } catch (FieldError e) {
                    throw new DataFileException(source, r.lineNumber(), e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(source + ": " + e.getMessage(), e);
        }
        if (users.isEmpty()) {
            throw new DataFileException(source, 0, "no users: the file has no data lines");
        }
        return users;
    }

    private static User user(String[] f) {
        if (f.length != FIELDS) {
            throw new FieldError("expected " + FIELDS + " fields separated by '|' (id|age|gender|occupation|zip),"
                    + " found " + f.length);
        }
        String id = f[0].trim();
        if (id.isEmpty()) {
            throw new FieldError("field 1 (user) is empty");
        }
        String age = f[1].trim();
        if (age.isEmpty() || age.length() > 3 || !age.chars().allMatch(ch -> ch >= '0' && ch <= '9')
                || Integer.parseInt(age) > 150) {
            throw new FieldError("field 2 (age) must be a whole number in 0..150, got '" + age + "'");
        }
        return new User(id, Integer.parseInt(age), f[2].trim(), f[3].trim(), f[4].trim());
    }
}
