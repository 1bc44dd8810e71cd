package io.polyphon.gateway.auth;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Hands a controller method the request's checked {@link ApiKey}, so handlers take it as a plain parameter. */
class ApiKeyArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == ApiKey.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
                                  WebDataBinderFactory binders) {
        Object key = request.getAttribute(ApiKey.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (key == null) throw new IllegalStateException("no API key checked for " + parameter.getMethod());
        return key;
    }
}
