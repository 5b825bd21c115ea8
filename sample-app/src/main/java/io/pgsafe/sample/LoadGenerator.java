package io.pgsafe.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps reading and writing through the HTTP API (GET /users/{id}, GET /users?email=…, POST /users) from a few
 * threads while migrations run; each window's latencies are kept apart so a deploy's p50/p99 can be printed.
 */
final class LoadGenerator implements AutoCloseable {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final AtomicReference<Latencies> window = new AtomicReference<>(new Latencies());
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    LoadGenerator(int port, int threadCount) {
        this.base = "http://127.0.0.1:" + port;
        for (int i = 0; i < threadCount; i++) {
            Thread thread = new Thread(this::loop, "pgsafe-demo-load-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Starts a new window and returns the one that just ended. */
    Latencies nextWindow() {
        return window.getAndSet(new Latencies());
    }

    private void loop() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running) {
            int dice = random.nextInt(10);
            HttpRequest request;
            if (dice < 5) {
                request = HttpRequest.newBuilder(URI.create(base + "/users/" + (1 + random.nextInt(20000)))).GET().build();
            } else if (dice < 8) {
                request = HttpRequest.newBuilder(URI.create(base + "/users?email=user" + (1 + random.nextInt(20000))
                        + "%40example.com")).GET().build();
            } else {
                request = HttpRequest.newBuilder(URI.create(base + "/users"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"email\":\"load" + random.nextLong(1L << 40) + "@example.com\"}"))
                        .build();
            }
            Latencies current = window.get();
            long start = System.nanoTime();
            try {
                HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                current.record(System.nanoTime() - start);
                if (response.statusCode() >= 500) {
                    current.error();
                }
            } catch (java.io.IOException e) {
                current.error();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread thread : threads) {
            thread.join(5000);
        }
    }
}
