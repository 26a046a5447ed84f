package dev.recsys.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricSpecTest {
    @Test
    void parsesAListWithCanonicalNames() {
        List<MetricSpec> l = MetricSpec.parseList("rmse, MAE,precision@10,ndcg@5,recall@20,hr@10,auc,auc@5,precision@10");
        assertThat(l).extracting(MetricSpec::name)
                .containsExactly("rmse", "mae", "precision@10", "ndcg@5", "recall@20", "hitrate@10", "auc", "auc@5");
        assertThat(l.get(2)).isEqualTo(MetricSpec.of(Metric.PRECISION, 10));
    }

    @Test
    void errorsListValidNames() {
        assertThatThrownBy(() -> MetricSpec.parseList("rmse,foo@3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown metric 'foo@3'")
                .hasMessageContaining("precision@K").hasMessageContaining("ndcg@K").hasMessageContaining("rmse");
        assertThatThrownBy(() -> MetricSpec.parse("ndcg")).hasMessageContaining("needs a cut-off, e.g. ndcg@10");
        assertThatThrownBy(() -> MetricSpec.parse("rmse@5")).hasMessageContaining("takes no cut-off");
        assertThatThrownBy(() -> MetricSpec.parse("ndcg@x")).hasMessageContaining("positive integer");
        assertThatThrownBy(() -> MetricSpec.parse("ndcg@0")).hasMessageContaining("positive integer");
        assertThatThrownBy(() -> MetricSpec.parseList("rmse,,mae")).hasMessageContaining("empty entry");
        assertThatThrownBy(() -> MetricSpec.parseList(" ")).hasMessageContaining("must not be empty");
    }

    @Test
    void everyMetricRoundTripsThroughItsName() {
        for (Metric m : Metric.values()) {
            MetricSpec s = m.cutoff() == Metric.Cutoff.NONE ? MetricSpec.of(m) : MetricSpec.of(m, 7);
            assertThat(MetricSpec.parse(s.name())).isEqualTo(s);
            assertThat(s.name()).isEqualTo(s.name().toLowerCase(java.util.Locale.ROOT));
        }
    }
}
