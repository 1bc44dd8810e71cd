package io.polyphon.gateway.edge;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.ObjectMapper;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Clock;

/** The edge's defences wired in: the body gate, the body cap, the valve that drops unread bodies, the job rate. */
@Configuration(proxyBeanMethods = false)
class EdgeConfiguration implements WebMvcConfigurer {

    private final EdgeProperties properties;

    EdgeConfiguration(EdgeProperties properties) {
        this.properties = properties;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new BodyGate(properties)).addPathPatterns("/v1/**");
    }

    @Bean
    FilterRegistrationBean<CloseAfterRefusalFilter> closeAfterRefusalFilter() {
        FilterRegistrationBean<CloseAfterRefusalFilter> registration = new FilterRegistrationBean<>(new CloseAfterRefusalFilter());
        // outermost, so every refusal below it (the path's, the key's, a handler's) is seen
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    @Bean
    FilterRegistrationBean<CanonicalPathFilter> canonicalPathFilter(ObjectMapper json) {
        FilterRegistrationBean<CanonicalPathFilter> registration = new FilterRegistrationBean<>(new CanonicalPathFilter(json));
        // before everything else, the key check included
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter() {
        FilterRegistrationBean<BodyLimitFilter> registration =
                new FilterRegistrationBean<>(new BodyLimitFilter(properties.maxJsonBytes()));
        registration.addUrlPatterns("/v1/*");
        return registration;
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> unreadBodyValve() {
        return factory -> factory.addContextValves(new UnreadBodyValve());
    }

    @Bean
    JobRateLimit jobRateLimit(Clock clock) {
        return new JobRateLimit(properties, clock);
    }
}
