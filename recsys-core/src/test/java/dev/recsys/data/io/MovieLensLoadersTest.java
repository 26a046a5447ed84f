package dev.recsys.data.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recsys.data.IdIndex;
import dev.recsys.data.ItemCatalog;
import dev.recsys.data.io.ItemCatalogLoader.MovieLensAttribute;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The attribute choices of the u.item loader and the u.user reader. */
class MovieLensLoadersTest {
    @TempDir
    Path dir;

    private Path items() throws IOException {
        String text = "1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n"
                + "267|unknown||||1|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0\n";
        Path f = dir.resolve("u.item");
        Files.write(f, text.getBytes(StandardCharsets.ISO_8859_1));
        return f;
    }

    @Test
    void genreFlagsYearAndDecade() throws IOException {
        ItemCatalog cat = new ItemCatalog(new IdIndex());
        ItemCatalogLoader.loadMovieLensItems(items(), cat, LoadOptions.defaults(),
                EnumSet.of(MovieLensAttribute.GENRE_FLAGS, MovieLensAttribute.YEAR, MovieLensAttribute.DECADE));
        int toy = cat.items().indexOf("1");
        int unknown = cat.items().indexOf("267");
        assertThat(cat.numeric("genre:Animation", toy, -1f)).isEqualTo(1f);
        assertThat(cat.numeric("genre:Action", toy, -1f)).isEqualTo(0f);
        assertThat(cat.numeric("genre:unknown", unknown, -1f)).isEqualTo(1f);
        assertThat(cat.numeric(ItemCatalogLoader.YEAR, toy, 0f)).isEqualTo(1995f);
        assertThat(cat.dictionary(ItemCatalogLoader.DECADE).valueOf(cat.code(ItemCatalogLoader.DECADE, toy)))
                .isEqualTo("1990");
        assertThat(cat.code(ItemCatalogLoader.DECADE, unknown)).isEqualTo(-1);
        assertThat(cat.numericAttributes()).containsSubsequence(ItemCatalogLoader.YEAR, "genre:unknown", "genre:Western");
        assertThat(cat.categoricalAttributes()).doesNotContain(ItemCatalogLoader.TITLE);
        assertThat(cat.category(toy)).isEqualTo(-1);
    }

    @Test
    void genreValuesAreCategoricalYesPerFlag() throws IOException {
        ItemCatalog cat = new ItemCatalog(new IdIndex());
        ItemCatalogLoader.loadMovieLensItems(items(), cat, LoadOptions.defaults(),
                EnumSet.of(MovieLensAttribute.GENRE_VALUES));
        int toy = cat.items().indexOf("1");
        assertThat(cat.categoricalAttributes()).containsExactly(ItemCatalog.CATEGORY, ItemCatalog.BRAND,
                "genre-animation", "genre-children's", "genre-comedy", "genre-unknown");
        assertThat(cat.dictionary("genre-comedy").valueOf(cat.code("genre-comedy", toy))).isEqualTo(ItemCatalog.YES);
        assertThat(cat.code("genre-unknown", toy)).isEqualTo(-1);
        assertThat(cat.numericAttributes()).containsExactly(ItemCatalog.PRICE);
    }

    @Test
    void readsUsersAndNamesTheBadLine() throws IOException {
        Path f = dir.resolve("u.user");
        Files.writeString(f, "1|24|M|technician|85711\n2|53|F|other|94043\n");
        List<MovieLensUsers.User> users = MovieLensUsers.load(f);
        assertThat(users).containsExactly(new MovieLensUsers.User("1", 24, "M", "technician", "85711"),
                new MovieLensUsers.User("2", 53, "F", "other", "94043"));
        Path bad = dir.resolve("bad.user");
        Files.writeString(bad, "1|24|M|technician|85711\n2|x|F|other|94043\n");
        assertThatThrownBy(() -> MovieLensUsers.load(bad)).isInstanceOf(DataFileException.class)
                .hasMessageContaining("bad.user:2").hasMessageContaining("age");
        Path few = dir.resolve("few.user");
        Files.writeString(few, "1|24\n");
        assertThatThrownBy(() -> MovieLensUsers.load(few)).hasMessageContaining("few.user:1")
                .hasMessageContaining("expected 5 fields");
        assertThatThrownBy(() -> MovieLensUsers.load(dir.resolve("missing"))).hasMessageContaining("file not found");
    }
}
