package com.example.title;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The whole application: one Agent bean. The Switchboard starter runs it as a worker of the {@code title} agent type. */
@SpringBootApplication
public class TitleApplication {

    public static void main(String[] args) {
        SpringApplication.run(TitleApplication.class, args);
    }

    @Bean
    TitleAgent titleAgent() {
        return new TitleAgent();
    }
}
