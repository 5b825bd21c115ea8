package io.pgsafe.sample;

import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /users[?email=…|limit=…]}, {@code GET /users/{id}}, {@code POST /users {"email": "…"}}. */
@RestController
public class UsersController {
    private final UserRepository users;
    private final DeployPhase phase;

    public UsersController(UserRepository users, DeployPhase phase) {
        this.users = users;
        this.phase = phase;
    }

    @GetMapping("/users")
    public List<Map<String, Object>> list(@RequestParam(name = "email", required = false) String email,
            @RequestParam(name = "limit", defaultValue = "20") int limit) {
        return email != null ? users.byEmail(email) : users.recent(Math.min(limit, 1000));
    }

    @GetMapping("/users/{id}")
    public ResponseEntity<Map<String, Object>> one(@PathVariable("id") long id) {
        List<Map<String, Object>> found = users.byId(id);
        return found.isEmpty() ? ResponseEntity.notFound().build() : ResponseEntity.ok(found.get(0));
    }

    @PostMapping("/users")
    public Map<String, Object> create(@RequestBody Map<String, String> body) {
        String email = body.getOrDefault("email", "someone@example.com");
        return Map.of("id", users.create(email), "email", email, "release", phase.release());
    }
}
