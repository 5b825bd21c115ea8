package io.pgsafe.agent.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlainTextsTest {

    @Test
    void remembersTheVeryObjectOnlyNotAnEqualOne() {
        PlainTexts texts = new PlainTexts();
        String sql = "select abalance from accounts where aid = ?";
        String equal = new String(sql);
        assertThat(texts.contains(sql)).isFalse();
        texts.add(sql);
        assertThat(texts.contains(sql)).isTrue();
        assertThat(texts.contains(equal)).isFalse();
        assertThat(texts.contains(null)).isFalse();
    }

    @Test
    void aCollisionIsAMissNeverAWrongAnswer() {
        PlainTexts texts = new PlainTexts();
        Object[] many = new Object[10_000];
        for (int i = 0; i < many.length; i++) {
            many[i] = new Object();
            texts.add(many[i]);
        }
        int remembered = 0;
        for (Object o : many) {
            remembered += texts.contains(o) ? 1 : 0;
        }
        assertThat(remembered).isBetween(1, 512);
        assertThat(texts.contains(new Object())).isFalse();
    }

    @Test
    void doesNotKeepWhatItRemembersAlive() throws InterruptedException {
        PlainTexts texts = new PlainTexts();
        Object query = new Object();
        texts.add(query);
        java.lang.ref.WeakReference<Object> probe = new java.lang.ref.WeakReference<>(query);
        query = null;
        for (int i = 0; i < 50 && probe.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(probe.get()).as("a remembered object is collected once nothing else holds it").isNull();
    }

    @Test
    void clearForgetsEverything() {
        PlainTexts texts = new PlainTexts();
        String sql = "create index i on t (c)";
        texts.add(sql);
        texts.clear();
        assertThat(texts.contains(sql)).isFalse();
    }
}
