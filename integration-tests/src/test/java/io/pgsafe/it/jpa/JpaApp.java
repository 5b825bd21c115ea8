package io.pgsafe.it.jpa;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** A Spring Boot app with JPA (Hibernate) whose entities are in this package. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class JpaApp {
}
