"""Prometheus' remote write 1.0 messages (prompb/remote.proto, prompb/types.proto) for Google's
protobuf runtime, built from descriptors so no protoc is needed. Only the fields 1.0 defines
for samples; unknown fields would show up as such."""
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

_F = descriptor_pb2.FieldDescriptorProto


def _message(file_proto, name, fields):
    message = file_proto.message_type.add()
    message.name = name
    for number, field_name, kind, label, type_name in fields:
        field = message.field.add()
        field.name, field.number, field.type, field.label = field_name, number, kind, label
        if type_name:
            field.type_name = type_name


def _build():
    file_proto = descriptor_pb2.FileDescriptorProto()
    file_proto.name = "sysmetrics_prompb.proto"
    file_proto.package = "prometheus"
    file_proto.syntax = "proto3"
    rep, opt = _F.LABEL_REPEATED, _F.LABEL_OPTIONAL
    _message(file_proto, "Label", [(1, "name", _F.TYPE_STRING, opt, None),
                                   (2, "value", _F.TYPE_STRING, opt, None)])
    _message(file_proto, "Sample", [(1, "value", _F.TYPE_DOUBLE, opt, None),
                                    (2, "timestamp", _F.TYPE_INT64, opt, None)])
    _message(file_proto, "TimeSeries", [(1, "labels", _F.TYPE_MESSAGE, rep, ".prometheus.Label"),
                                         (2, "samples", _F.TYPE_MESSAGE, rep, ".prometheus.Sample")])
    _message(file_proto, "WriteRequest",
             [(1, "timeseries", _F.TYPE_MESSAGE, rep, ".prometheus.TimeSeries")])
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file_proto)
    descriptor = pool.FindMessageTypeByName("prometheus.WriteRequest")
    try:
        return message_factory.GetMessageClass(descriptor)
    except AttributeError:  # protobuf < 4.22
        return message_factory.MessageFactory(pool).GetPrototype(descriptor)


WriteRequest = _build()
